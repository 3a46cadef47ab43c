"""Schemas of the emulation year: movements, criteria, registrations, evaluations."""

import marshmallow as ma
from marshmallow import fields, validate

from intranet.api.schemas.common import (
    Bounded,
    Id,
    InputSchema,
    PageArgs,
    Text,
    UnitRefSchema,
    UserRefSchema,
    UtcDateTime,
    Year,
)
from intranet.api.schemas.exemplars import EntryRefSchema
from intranet.emulation.models import RegistrationStatus
from intranet.exemplars.models import Subject


class DocumentRefSchema(ma.Schema):
    id = fields.Integer(required=True)
    symbol = Text(required=True)
    summary = Text(required=True)


class MovementSchema(ma.Schema):
    id = fields.Integer(required=True)
    name = Text(required=True)
    document = fields.Nested(DocumentRefSchema, required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    goals = Text(required=True)
    units = fields.List(fields.Nested(UnitRefSchema), required=True)
    created_at = UtcDateTime(required=True)


class MovementInSchema(InputSchema):
    name = Bounded(300, required=True)
    document_id = Id(required=True, metadata={"description": "Kế hoạch hoặc chỉ thị đã ban hành"})
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    unit_ids = fields.List(Id(), required=True, validate=validate.Length(1, 100))
    goals = Bounded(20_000, load_default="")


class CriteriaSchema(ma.Schema):
    id = fields.Integer(required=True)
    movement_id = fields.Integer(required=True)
    unit = fields.Nested(UnitRefSchema, required=True)
    version = fields.Integer(required=True)
    title = Text(required=True)
    body = Text(required=True)
    author = fields.Nested(UserRefSchema, required=True)
    created_at = UtcDateTime(required=True)


class CriteriaInSchema(InputSchema):
    title = Bounded(300, required=True)
    body = Bounded(50_000, required=True)


class YearArgs(PageArgs):
    year = Year(metadata={"description": "Mặc định: năm nay"})
    unit = Id(metadata={"description": "Chỉ một đơn vị"})


class RegistrationSchema(ma.Schema):
    id = fields.Integer(required=True)
    year = fields.Integer(required=True)
    subject = fields.Enum(Subject, by_value=True, required=True)
    person = fields.Nested(UserRefSchema, allow_none=True, required=True)
    unit = fields.Nested(UnitRefSchema, required=True)
    name = Text(required=True)
    title = fields.Nested(EntryRefSchema, required=True)
    commitments = Text(required=True)
    status = fields.Enum(RegistrationStatus, by_value=True, required=True)
    confirmed_by = fields.Nested(UserRefSchema, allow_none=True, required=True)
    confirmed_at = UtcDateTime(allow_none=True, required=True)
    created_at = UtcDateTime(required=True)


class RegistrationInSchema(InputSchema):
    year = Year(required=True)
    title_id = Id(required=True, metadata={"description": "Danh hiệu trong danh mục"})
    commitments = Bounded(20_000, required=True)
    collective = fields.Boolean(
        load_default=False, metadata={"description": "Trưởng đơn vị đăng ký cho tập thể"}
    )


class RatingSchema(ma.Schema):
    id = fields.Integer(required=True)
    name = Text(required=True)


class EvaluationSchema(ma.Schema):
    id = fields.Integer(required=True)
    year = fields.Integer(required=True)
    quarter = fields.Integer(required=True, metadata={"description": "1–4; 0: cả năm"})
    unit = fields.Nested(UnitRefSchema, required=True)
    person = fields.Nested(UserRefSchema, required=True)
    rating = fields.Nested(RatingSchema, required=True)
    comment = Text(required=True)


class CriterionVerdictSchema(ma.Schema):
    position = fields.Integer(required=True)
    text = Text(required=True)
    met = fields.Boolean(allow_none=True, required=True)
    note = Text(required=True)


class NominationCriteriaSchema(ma.Schema):
    criteria = fields.Nested(CriteriaSchema, allow_none=True, required=True)
    movement = Text(allow_none=True, required=True)
    items = fields.List(fields.Nested(CriterionVerdictSchema), required=True)


class NominationCriteriaInSchema(InputSchema):
    criteria_id = Id(
        allow_none=True,
        required=True,
        metadata={"description": "Tiêu chí (phiên bản) của đơn vị; null: bỏ chọn"},
    )


class VerdictInSchema(InputSchema):
    position = fields.Integer(required=True, validate=validate.Range(0, 1000))
    met = fields.Boolean(required=True)
    note = Bounded(2000, load_default="")


class CriteriaChecksInSchema(InputSchema):
    verdicts = fields.List(
        fields.Nested(VerdictInSchema), required=True, validate=validate.Length(1, 1000)
    )
