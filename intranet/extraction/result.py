"""What an extraction returns, and the short Vietnamese reasons shown on a record's page."""

from dataclasses import dataclass

TYPE_CODES = frozenset(
    {"pdf", "docx", "xlsx", "odt", "ods", "doc", "xls", "txt", "jpeg", "png", "tiff"}
)
STATUSES = frozenset({"ok", "no_text", "failed", "timeout", "encrypted", "unsupported"})

# Messages are stored with the record, so they are final Vietnamese text, not translation keys.
NO_TEXT = "Không có văn bản"
NO_OCR = "Không có văn bản (chưa cài OCR)"
OCR_OFF = "Không có văn bản (OCR đang tắt)"
PARTLY_SCANNED = "Một số trang là ảnh quét, chưa nhận dạng được chữ"
OCR_PAGE_LIMIT = "Chỉ nhận dạng chữ {pages} trang đầu"
NO_CATDOC = "Chưa cài catdoc"
DAMAGED = "Tệp bị hỏng hoặc sai định dạng"
DAMAGED_PDF = "Tệp PDF bị hỏng"
DAMAGED_IMAGE = "Ảnh bị hỏng hoặc không đọc được"
NOT_TEXT = "Không phải tệp văn bản hoặc bảng mã không nhận ra được"
IMAGE_TOO_BIG = "Ảnh quá lớn để nhận dạng chữ"
ZIP_BOMB = "Tệp nén giải nén ra quá lớn"
ENCRYPTED_PDF = "Tệp PDF có mật khẩu"
ENCRYPTED = "Tệp có mật khẩu"
TIMEOUT = "Quá thời gian trích xuất"
MEMORY = "Vượt giới hạn bộ nhớ khi trích xuất"
CRASHED = "Trình đọc tệp dừng bất thường"
MISSING = "Không tìm thấy tệp"
UNSUPPORTED = "Loại tệp không hỗ trợ trích xuất"
TRUNCATED = "Văn bản quá dài, chỉ giữ phần đầu"


@dataclass(frozen=True)
class Extraction:
    """The outcome of extracting one file.

    ``status`` is one of ``STATUSES``; ``text`` is NFC and empty unless the status is "ok";
    ``method`` names the reader used ("pdfium", "ocr", "docx", "catdoc" …); ``message`` is a short
    Vietnamese reason for the record's page ("" when there is nothing to say).
    """

    status: str
    text: str = ""
    method: str = ""
    message: str = ""
    truncated: bool = False

    @property
    def may_pass(self) -> bool:
        """Whether trying again later may succeed: a timeout (the machine was busy) or a reader
        killed from outside (out of memory on a loaded server); a file's own faults are final."""
        return self.status == "timeout" or (self.status == "failed" and self.message == CRASHED)


class ExtractionError(Exception):
    """Raised by a reader to end an extraction with a given status and message."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
