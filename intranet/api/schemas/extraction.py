"""The text of a stored file as the API tells it: read, waiting, or why not (and when again)."""

import marshmallow as ma
from marshmallow import fields, validate

from intranet.api.schemas.common import UtcDateTime
from intranet.indexing.models import REASON_CODES, extraction_of


class ExtractionSchema(ma.Schema):
    """Dumped from a stored file (``attribute="stored"``): its extraction, or "pending"."""

    status = fields.String(
        required=True,
        attribute="reason",
        validate=validate.OneOf(REASON_CODES),
        metadata={
            "description": "pending (chưa đọc), ok, no_text (không có chữ), damaged (tệp hỏng), "
            "timeout (quá thời gian), encrypted (có mật khẩu), unsupported"
        },
    )
    label = fields.String(
        required=True, metadata={"description": "Lý do, theo ngôn ngữ của người đọc"}
    )
    message = fields.String(
        required=True, metadata={"description": "Chi tiết (tiếng Việt), rỗng nếu không có"}
    )
    method = fields.String(required=True, metadata={"description": "pdfium, ocr, docx, …"})
    attempts = fields.Integer(required=True, metadata={"description": "Số lần đã đọc"})
    extracted_at = UtcDateTime(allow_none=True, required=True)
    retry_at = UtcDateTime(
        allow_none=True,
        required=True,
        metadata={"description": "Lần đọc lại tới (quá thời gian khi máy bận); null nếu không"},
    )

    @ma.pre_dump
    def _of_stored_file(self, stored, **kwargs):
        return extraction_of(stored)
