"""Schemas of propagation: an exemplar's activities and the adoptions of its practice."""

import marshmallow as ma
from marshmallow import fields, validate

from intranet.api.schemas.common import (
    Bounded,
    Id,
    InputSchema,
    Text,
    UnitRefSchema,
    UserRefSchema,
    UtcDateTime,
)
from intranet.propagation.models import Channel


class ActivitySchema(ma.Schema):
    id = fields.Integer(required=True)
    exemplar_id = fields.Integer(required=True)
    channel = fields.Enum(Channel, by_value=True, required=True)
    held_on = fields.Date(required=True)
    year = fields.Integer(required=True)
    unit = fields.Nested(UnitRefSchema, required=True)
    audience = Text(required=True)
    link = Text(required=True)
    original_name = Text(required=True)
    reach = fields.Integer(allow_none=True, required=True)
    recorded_by = fields.Nested(UserRefSchema, required=True)
    recorded_at = UtcDateTime(required=True)


class ActivityInSchema(InputSchema):
    channel = fields.String(required=True, validate=validate.OneOf([c.value for c in Channel]))
    held_on = fields.Date(required=True)
    audience = Bounded(300, required=True)
    unit_id = Id(load_default=None, allow_none=True)
    link = Bounded(500, load_default="")
    reach = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(0, 10_000_000)
    )


class AdoptionSchema(ma.Schema):
    id = fields.Integer(required=True)
    exemplar_id = fields.Integer(required=True)
    unit = fields.Nested(UnitRefSchema, required=True)
    practice = Text(required=True)
    adopted_on = fields.Date(required=True)
    year = fields.Integer(required=True)
    result = Text(required=True)
    recorded_by = fields.Nested(UserRefSchema, required=True)
    recorded_at = UtcDateTime(required=True)


class AdoptionInSchema(InputSchema):
    practice = Bounded(20_000, required=True)
    adopted_on = fields.Date(required=True)
    result = Bounded(20_000, load_default="")
    unit_id = Id(
        load_default=None,
        allow_none=True,
        metadata={"description": "Đơn vị áp dụng (chỉ thường trực thi đua ghi thay)"},
    )
