"""Schemas of documents (văn bản), their files and versions, and the actions on them."""

import marshmallow as ma
from flask_smorest.fields import Upload
from marshmallow import fields, validate

from intranet.accounts.models import Role
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
from intranet.documents.kinds import KINDS
from intranet.documents.models import Relation, Status

KIND_CODES = list(KINDS)
ROLES = [r.value for r in Role]
RELATIONS = [r.value for r in Relation]


class DocumentSummarySchema(ma.Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(KIND_CODES))
    kind_label = Text(required=True)
    number = fields.Integer(
        allow_none=True,
        required=True,
        metadata={"description": "None until issue: the number is taken when issued"},
    )
    symbol = Text(required=True)
    year = fields.Integer(required=True)
    issued_on = fields.Date(required=True)
    summary = Text(required=True)
    status = fields.Enum(Status, by_value=True, required=True)
    unit = fields.Nested(UnitRefSchema, allow_none=True, required=True)
    audience_all = fields.Boolean(required=True)
    published_at = UtcDateTime(allow_none=True, required=True)
    updated_at = UtcDateTime(required=True)


class BasisSchema(ma.Schema):
    text = Text(required=True, attribute="cited_text")
    implements = fields.Boolean(required=True)
    document_id = fields.Integer(
        allow_none=True,
        required=True,
        metadata={"description": "Văn bản trong kho, khi người đọc được xem nó"},
    )


class RelationSchema(ma.Schema):
    relation = fields.String(required=True, validate=validate.OneOf(RELATIONS))
    symbol = Text(required=True)
    document_id = fields.Integer(
        allow_none=True,
        required=True,
        metadata={"description": "Văn bản trong kho, khi người đọc được xem nó"},
    )


class DocumentSchema(DocumentSummarySchema):
    issued_place = Text(required=True)
    issuer_code = Text(required=True)
    issuer_name = Text(required=True)
    body = Text(required=True)
    period_start = fields.Integer(allow_none=True, required=True)
    period_end = fields.Integer(allow_none=True, required=True)
    signer_name = Text(required=True)
    signer_authority = Text(required=True)
    signer_title = Text(required=True)
    recipients = Text(required=True)
    status_note = Text(required=True)
    superseded_by_id = fields.Integer(allow_none=True, required=True)
    audience_units = fields.List(fields.Nested(UnitRefSchema), required=True)
    audience_roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), required=True)
    basis = fields.List(fields.Nested(BasisSchema), required=True)
    relations = fields.List(
        fields.Nested(RelationSchema),
        required=True,
        metadata={"description": "Văn bản này sửa đổi, thay thế, đính chính, bãi bỏ"},
    )
    related_by = fields.List(
        fields.Nested(RelationSchema),
        required=True,
        metadata={"description": "Văn bản đã ban hành sửa đổi, thay thế, đính chính, bãi bỏ nó"},
    )
    created_by = fields.Nested(UserRefSchema, required=True)
    created_at = UtcDateTime(required=True)
    submitted_by = fields.Nested(UserRefSchema, allow_none=True, required=True)
    submitted_at = UtcDateTime(allow_none=True, required=True)
    signed_by = fields.Nested(UserRefSchema, allow_none=True, required=True)
    signed_at = UtcDateTime(allow_none=True, required=True)
    issued_by = fields.Nested(UserRefSchema, allow_none=True, required=True)
    version = fields.Integer(
        required=True, metadata={"description": "Gửi lại khi sửa để tránh ghi đè thay đổi khác"}
    )
    has_read = fields.Boolean(required=True)


class DocumentArgs(PageArgs):
    kind = fields.String(validate=validate.OneOf(KIND_CODES))
    year = Year()
    status = fields.Enum(Status, by_value=True)
    unit = Id(metadata={"description": "Đơn vị soạn thảo (id)"})
    q = Bounded(200, metadata={"description": "Trong trích yếu hoặc số, ký hiệu"})
    sort = sort_field(["issued_on", "number", "summary", "updated_at"], "-issued_on")


class DocumentInSchema(InputSchema):
    """A draft as the secretariat writes it; status, author and dates come from the app."""

    kind = fields.String(required=True, validate=validate.OneOf(KIND_CODES))
    number_symbol = Bounded(40, required=True, metadata={"example": "36/KH-CĐBP"})
    issued_on = fields.Date(required=True)
    summary = Bounded(10_000, required=True)
    issued_place = Bounded(100)
    issuer_name = Bounded(200)
    body = Bounded(1_000_000)
    period_start = fields.Integer(allow_none=True, validate=validate.Range(1945, 2100))
    period_end = fields.Integer(allow_none=True, validate=validate.Range(1945, 2100))
    signer_name = Bounded(200)
    signer_authority = Bounded(100)
    signer_title = Bounded(100)
    recipients = Bounded(10_000)
    unit_id = Id(allow_none=True, metadata={"description": "Đơn vị soạn thảo"})
    basis = fields.List(Bounded(1000), validate=validate.Length(max=50))
    implements = Bounded(1000, metadata={"description": "Kế hoạch mà văn bản này thực hiện"})
    audience_all = fields.Boolean()
    audience_units = fields.List(Id(), validate=validate.Length(max=200))
    audience_roles = fields.List(fields.String(validate=validate.OneOf(ROLES)))
    relation = fields.String(
        validate=validate.OneOf(["", *RELATIONS]),
        metadata={"description": "Văn bản này sửa đổi, bổ sung / thay thế / đính chính / bãi bỏ"},
    )
    relation_target = Bounded(
        40, metadata={"description": "Số, ký hiệu văn bản đã ban hành", "example": "98/QĐ-CĐBP"}
    )


class DocumentPatchSchema(DocumentInSchema):
    """Any field of the draft, and the version it was made on (``version`` from GET, or the
    If-Match header): without it 428, on a stale copy 409, and nothing is saved."""

    kind = fields.String(validate=validate.OneOf(KIND_CODES))
    number_symbol = Bounded(40)
    issued_on = fields.Date()
    summary = Bounded(10_000)
    version = fields.Integer(
        validate=validate.Range(1, 2**31 - 1),
        metadata={"description": "Phiên bản đã đọc (GET); bắt buộc, nếu không gửi If-Match"},
    )


class SignSchema(InputSchema):
    signer_authority = Bounded(
        100, metadata={"description": "KT. / TL. / TM. / Q. …; trống khi Hiệu trưởng ký"}
    )
    signer_title = Bounded(100, required=True, metadata={"example": "PHÓ HIỆU TRƯỞNG"})
    signer_name = Bounded(200, metadata={"description": "Họ tên in dưới chữ ký"})


class ReturnSchema(InputSchema):
    reason = Text(required=True, validate=validate.Length(min=1, max=2000))


class RevokeSchema(InputSchema):
    reason = Text(required=True, validate=validate.Length(min=1, max=2000))


class SupersedeSchema(InputSchema):
    replacement_id = Id(metadata={"description": "Văn bản thay thế (id)"})
    replacement_symbol = Bounded(40, metadata={"description": "hoặc số, ký hiệu của nó"})
    note = Bounded(2000)


class VersionSchema(ma.Schema):
    id = fields.Integer(required=True)
    number = fields.Integer(required=True)
    original_name = Text(required=True)
    size = fields.Integer(required=True, attribute="stored.size")
    mime_type = fields.String(required=True, attribute="stored.mime_type")
    sha256 = fields.String(required=True, attribute="stored.sha256")
    extraction = fields.Nested(ExtractionSchema, attribute="stored", required=True)
    uploaded_by = fields.Nested(UserRefSchema, required=True)
    uploaded_at = UtcDateTime(required=True)
    download_url = fields.String(required=True)


class FileSchema(ma.Schema):
    id = fields.Integer(required=True)
    document_id = fields.Integer(required=True)
    created_at = UtcDateTime(required=True)
    current = fields.Nested(VersionSchema, required=True)
    versions = fields.List(fields.Nested(VersionSchema), required=True)


class FileArgs(PageArgs):
    sort = sort_field(["id", "created_at"], "id")


class UploadSchema(InputSchema):
    files = fields.List(Upload(), required=True, validate=validate.Length(min=1, max=20))


class NewVersionSchema(InputSchema):
    file = Upload(required=True)
