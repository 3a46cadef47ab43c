"""Schemas of the audit trail's entries and their search."""

import marshmallow as ma
from marshmallow import fields, validate

from intranet.api.schemas.common import Bounded, Id, PageArgs, Text, UtcDateTime, sort_field


class ChangeSchema(ma.Schema):
    field = fields.String(required=True)
    before = fields.Raw(allow_none=True, required=True)
    after = fields.Raw(allow_none=True, required=True)


class ActorSchema(ma.Schema):
    id = fields.Integer(allow_none=True, required=True)
    username = Text(required=True)
    full_name = Text(required=True)


class AuditEntrySchema(ma.Schema):
    id = fields.Integer(required=True)
    seq = fields.Integer(required=True)
    at = UtcDateTime(required=True)
    actor = fields.Nested(ActorSchema, required=True)
    ip_address = fields.String(allow_none=True, required=True)
    action = fields.String(required=True)
    action_label = Text(required=True)
    record_type = fields.String(required=True)
    record_id = fields.Integer(allow_none=True, required=True)
    parent_type = fields.String(allow_none=True, required=True)
    parent_id = fields.Integer(allow_none=True, required=True)
    summary = Text(required=True)
    changes = fields.List(fields.Nested(ChangeSchema), required=True)
    prev_hash = fields.String(required=True)
    hash = fields.String(required=True)


class AuditArgs(PageArgs):
    person = Bounded(100, metadata={"description": "Họ tên hoặc tên đăng nhập người làm"})
    record_type = fields.String(validate=validate.Length(max=40))
    record_id = Id(metadata={"description": "Với record_type: cả các phần của hồ sơ đó"})
    action = fields.String(validate=validate.Length(max=20))
    date_from = fields.Date()
    date_to = fields.Date()
    sort = sort_field(["seq"], "-seq")
