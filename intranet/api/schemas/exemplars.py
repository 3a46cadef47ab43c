"""Schemas of exemplars (điển hình tiên tiến), their steps, evidence, and award lines."""

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
from intranet.api.schemas.extraction import ExtractionSchema
from intranet.exemplars.models import Review, Stage, Subject
from intranet.exemplars.workflow import STEPS

QUEUES = ["mine", "unit", "school", "all"]


class EntryRefSchema(ma.Schema):
    """An entry of a catalogue: field, movement, title, form, kind or level."""

    id = fields.Integer(required=True)
    name = Text(required=True)


class ExemplarSummarySchema(ma.Schema):
    id = fields.Integer(required=True)
    subject = fields.Enum(Subject, by_value=True, required=True)
    name = Text(required=True)
    person = fields.Nested(UserRefSchema, allow_none=True, required=True)
    unit = fields.Nested(UnitRefSchema, required=True)
    year = fields.Integer(required=True)
    stage = fields.Enum(Stage, by_value=True, required=True)
    stage_label = Text(required=True, attribute="stage.label")
    field = fields.Nested(EntryRefSchema, allow_none=True, required=True)
    movement = fields.Nested(EntryRefSchema, allow_none=True, required=True)
    owner = fields.Nested(UserRefSchema, required=True)
    updated_at = UtcDateTime(required=True)


class EventSchema(ma.Schema):
    from_stage = fields.Enum(Stage, by_value=True, allow_none=True, required=True)
    to_stage = fields.Enum(Stage, by_value=True, required=True)
    actor = fields.Nested(UserRefSchema, required=True)
    at = UtcDateTime(required=True)
    note = Text(required=True)


class ExemplarSchema(ExemplarSummarySchema):
    achievement = Text(required=True)
    created_at = UtcDateTime(required=True)
    version = fields.Integer(required=True)
    events = fields.List(fields.Nested(EventSchema), required=True)
    steps = fields.List(
        fields.String(validate=validate.OneOf(list(STEPS))),
        required=True,
        metadata={"description": "Bước người đọc có thể làm lúc này"},
    )
    may_edit = fields.Boolean(required=True)
    may_add_evidence = fields.Boolean(required=True)
    may_review_evidence = fields.Boolean(required=True)
    may_see_evidence = fields.Boolean(
        required=True,
        metadata={
            "description": "Minh chứng là dữ liệu cá nhân: chỉ người đề xuất, người được "
            "đề xuất, trưởng đơn vị và bộ phận theo dõi chung được xem"
        },
    )


class ExemplarArgs(PageArgs):
    queue = fields.String(
        validate=validate.OneOf(QUEUES),
        metadata={"description": "mine, unit (chờ đơn vị), school (chờ công nhận), all"},
    )
    year = Year()
    unit = Id()
    field = Id()
    stage = fields.Enum(Stage, by_value=True)
    subject = fields.Enum(Subject, by_value=True)
    q = Bounded(200, metadata={"description": "Trong tên người hoặc tập thể"})
    sort = sort_field(["updated_at", "year", "name"], "-updated_at")


class ExemplarInSchema(InputSchema):
    """A nomination in the caller's unit, owned by the caller; its stage moves by steps only."""

    subject = fields.Enum(Subject, by_value=True, required=True)
    year = fields.Integer(required=True, validate=validate.Range(2000, 2100))
    achievement = Bounded(20_000, required=True)
    person_id = Id(allow_none=True, metadata={"description": "Cán bộ của đơn vị được đề xuất"})
    name = Bounded(200, metadata={"description": "Họ tên, khi không chọn cán bộ"})
    field_id = Id(allow_none=True)
    movement_id = Id(allow_none=True)


class ExemplarPatchSchema(ExemplarInSchema):
    subject = fields.Enum(Subject, by_value=True)
    year = fields.Integer(validate=validate.Range(2000, 2100))
    achievement = Bounded(20_000)
    version = fields.Integer(
        validate=validate.Range(1, 2**31 - 1),
        metadata={"description": "Phiên bản đang sửa; bắt buộc nếu không gửi tiêu đề If-Match"},
    )


class StepSchema(InputSchema):
    note = Bounded(2000, metadata={"description": "Lý do (bắt buộc khi trả lại hoặc rút)"})


class ReuseSchema(ma.Schema):
    """Another nomination offering the same file ("one achievement, one award")."""

    id = fields.Integer(required=True)
    name = Text(required=True)
    year = fields.Integer(required=True)
    stage = fields.Enum(Stage, by_value=True, required=True)


class EvidenceSchema(ma.Schema):
    id = fields.Integer(required=True)
    exemplar_id = fields.Integer(required=True)
    title = Text(required=True)
    original_name = Text(required=True)
    evidence_date = fields.Date(allow_none=True, required=True)
    description = Text(required=True)
    size = fields.Integer(required=True, attribute="stored.size")
    mime_type = fields.String(required=True, attribute="stored.mime_type")
    extraction = fields.Nested(ExtractionSchema, attribute="stored", required=True)
    review = fields.Enum(Review, by_value=True, required=True)
    review_note = Text(required=True)
    reviewer = fields.Nested(UserRefSchema, allow_none=True, required=True)
    reviewed_at = UtcDateTime(allow_none=True, required=True)
    uploaded_by = fields.Nested(UserRefSchema, required=True)
    uploaded_at = UtcDateTime(required=True)
    download_url = fields.String(required=True)
    reused_in = fields.List(
        fields.Nested(ReuseSchema),
        required=True,
        metadata={"description": "Đề xuất khác dùng cùng tệp mà người đọc được mở"},
    )


class EvidenceArgs(PageArgs):
    review = fields.Enum(Review, by_value=True)
    sort = sort_field(["id", "uploaded_at", "title"], "id")


class EvidenceInSchema(InputSchema):
    file = Upload(required=True)
    title = Bounded(300)
    evidence_date = fields.Date(allow_none=True)
    description = Bounded(5000)


class ReviewSchema(InputSchema):
    verdict = fields.String(required=True, validate=validate.OneOf(["accepted", "rejected"]))
    note = Bounded(2000, metadata={"description": "Bắt buộc khi không chấp nhận"})


class AwardLineSchema(ma.Schema):
    id = fields.Integer(required=True)
    position = fields.Integer(required=True)
    exemplar_id = fields.Integer(allow_none=True, required=True)
    person = fields.Nested(UserRefSchema, allow_none=True, required=True)
    unit = fields.Nested(UnitRefSchema, allow_none=True, required=True)
    recipient_name = Text(required=True)
    title = fields.Nested(EntryRefSchema, allow_none=True, required=True)
    form = fields.Nested(EntryRefSchema, allow_none=True, required=True)
    kind = fields.Nested(EntryRefSchema, allow_none=True, required=True)
    level = fields.Nested(EntryRefSchema, allow_none=True, required=True)
    amount = fields.Integer(required=True, metadata={"description": "Tiền thưởng (đồng)"})


class AwardLineInSchema(InputSchema):
    """One recipient: an exemplar (endorsed or later), a person, or a unit; then the award."""

    exemplar_id = Id(allow_none=True)
    person_id = Id(allow_none=True)
    unit_id = Id(allow_none=True, metadata={"description": "Tập thể được khen thưởng"})
    recipient_name = Bounded(200)
    title_id = Id(allow_none=True)
    form_id = Id(allow_none=True)
    kind_id = Id(allow_none=True)
    level_id = Id(allow_none=True)
    amount = fields.Integer(load_default=0, validate=validate.Range(0, 10**12))


class DecisionSchema(ma.Schema):
    id = fields.Integer(required=True)
    symbol = Text(required=True)
    year = fields.Integer(required=True)
    issued_on = fields.Date(required=True)
    summary = Text(required=True)
    status = fields.String(required=True)
    line_count = fields.Integer(required=True)
    total_amount = fields.Integer(required=True)


class DecisionArgs(PageArgs):
    year = Year()
    status = fields.String(validate=validate.OneOf(["draft", "published", "superseded", "revoked"]))
    sort = sort_field(["issued_on", "number"], "-issued_on")


class LineArgs(PageArgs):
    sort = sort_field(["position", "amount"], "position")
