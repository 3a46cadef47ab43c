"""Schemas of the caller and of units."""

import marshmallow as ma
from marshmallow import fields

from intranet.accounts.models import Role
from intranet.api.schemas.common import PageArgs, Text, UnitRefSchema, UtcDateTime, sort_field


class MeSchema(ma.Schema):
    id = fields.Integer(required=True)
    username = Text(required=True)
    full_name = Text(required=True)
    email = Text(allow_none=True)
    locale = fields.String(required=True)
    unit = fields.Nested(UnitRefSchema, required=True)
    roles = fields.List(fields.Enum(Role, by_value=True), required=True)
    auth = fields.String(
        required=True,
        validate=ma.validate.OneOf(["session", "token"]),
        metadata={"description": "Cách xác thực của yêu cầu này"},
    )
    reads_everything = fields.Boolean(required=True)
    publishes = fields.Boolean(required=True)


class UnitSchema(ma.Schema):
    id = fields.Integer(required=True)
    code = Text(required=True)
    name = Text(required=True)
    active = fields.Boolean(required=True)
    created_at = UtcDateTime(required=True)


class UnitArgs(PageArgs):
    active = fields.Boolean(
        metadata={"description": "Chỉ đơn vị đang hoạt động (true) hay đã ngừng"}
    )
    q = Text(validate=ma.validate.Length(max=100), metadata={"description": "Mã hoặc tên"})
    sort = sort_field(["code", "name"], "code")
