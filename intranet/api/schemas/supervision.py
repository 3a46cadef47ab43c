"""Schemas of unit annual reports and inspections."""

import marshmallow as ma
from flask_smorest.fields import Upload
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
    sort_field,
)
from intranet.supervision.models import ReportState


class ReportRefSchema(ma.Schema):
    id = fields.Integer(required=True)
    submitted_at = UtcDateTime(allow_none=True, required=True)
    returned_at = UtcDateTime(allow_none=True, required=True)


class ReportRowSchema(ma.Schema):
    """A unit's place in the year's reporting: due date, state, and its report if any."""

    unit = fields.Nested(UnitRefSchema, required=True)
    year = fields.Integer(required=True)
    deadline = fields.Date(allow_none=True, required=True)
    state = fields.Enum(ReportState, by_value=True, required=True)
    state_label = Text(required=True)
    days = fields.Integer(required=True, metadata={"description": "Số ngày sớm hoặc muộn"})
    report = fields.Nested(ReportRefSchema, allow_none=True, required=True)


class ReportArgs(PageArgs):
    year = Year(metadata={"description": "Năm báo cáo (mặc định: năm nay)"})
    sort = sort_field(["code", "name"], "name")


class ListedExemplarSchema(ma.Schema):
    id = fields.Integer(required=True)
    name = Text(required=True)
    subject = fields.String(required=True)
    field = Text(required=True)
    achievement = Text(required=True)
    stage = fields.String(required=True)


class ReportSchema(ma.Schema):
    id = fields.Integer(required=True)
    version = fields.Integer(
        required=True, metadata={"description": "Phiên bản (gửi lại khi nộp lại báo cáo bị trả)"}
    )
    unit = fields.Nested(UnitRefSchema, required=True)
    year = fields.Integer(required=True)
    summary = Text(required=True)
    original_name = Text(required=True)
    file_url = fields.String(allow_none=True, required=True)
    exemplars = fields.List(
        fields.Nested(ListedExemplarSchema),
        required=True,
        metadata={"description": "Danh sách điển hình như lúc nộp"},
    )
    deadline = fields.Date(allow_none=True, required=True)
    state = fields.Enum(ReportState, by_value=True, required=True)
    submitted_at = UtcDateTime(allow_none=True, required=True)
    submitted_by = fields.Nested(UserRefSchema, allow_none=True, required=True)
    returned_at = UtcDateTime(allow_none=True, required=True)
    returned_by = fields.Nested(UserRefSchema, allow_none=True, required=True)
    return_note = Text(required=True)


class ReportInSchema(InputSchema):
    """The caller's own unit's report (the unit head); the unit is never taken from the body."""

    year = fields.Integer(required=True, validate=validate.Range(2000, 2100))
    summary = Bounded(20_000)
    file = Upload()
    version = fields.Integer(
        validate=validate.Range(1, 2**31 - 1),
        metadata={"description": "Khi nộp lại báo cáo bị trả: phiên bản đang sửa (hoặc If-Match)"},
    )


class LinkSchema(ma.Schema):
    record_type = fields.String(required=True)
    record_id = fields.Integer(required=True)
    label = Text(required=True)


class FollowUpSchema(ma.Schema):
    id = fields.Integer(required=True)
    action = Text(required=True)
    deadline = fields.Date(allow_none=True, required=True)
    closed_at = UtcDateTime(allow_none=True, required=True)
    closed_by = fields.Nested(UserRefSchema, allow_none=True, required=True)
    closing_note = Text(required=True)


class InspectionSummarySchema(ma.Schema):
    id = fields.Integer(required=True)
    unit = fields.Nested(UnitRefSchema, required=True)
    inspected_on = fields.Date(required=True)
    scope = Text(required=True)
    conclusion = Text(required=True)
    created_at = UtcDateTime(required=True)


class InspectionSchema(InspectionSummarySchema):
    members = Text(required=True)
    findings = Text(required=True)
    minutes_name = Text(required=True)
    created_by = fields.Nested(UserRefSchema, required=True)
    links = fields.List(fields.Nested(LinkSchema), required=True)
    follow_ups = fields.List(fields.Nested(FollowUpSchema), required=True)


class InspectionArgs(PageArgs):
    unit = Id()
    year = Year()
    sort = sort_field(["inspected_on", "created_at"], "-inspected_on")


class InspectionInSchema(InputSchema):
    unit_id = Id(required=True, metadata={"description": "Đơn vị được kiểm tra"})
    inspected_on = fields.Date(required=True)
    members = Bounded(5000, required=True)
    scope = Bounded(5000, required=True)
    findings = Bounded(20_000)
    conclusion = Bounded(20_000)
    document_symbols = fields.List(Bounded(40), validate=validate.Length(max=50))
    exemplar_ids = fields.List(Id(), validate=validate.Length(max=200))
