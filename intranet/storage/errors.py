"""The storage seam's exceptions: a file it will not keep, a stored file it cannot serve."""

from intranet.domain import DomainError
from intranet.extensions import lazy_gettext as _l


class StorageError(Exception):
    """A refused file; ``message`` is already translated and fit to show the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BlobFault(DomainError, StorageError):
    """A stored file whose bytes cannot be served as recorded: 410 Gone, never a 5xx.

    A ``DomainError`` first, so the pages (``intranet/errors.py``) and the API
    (``api/core.py``) answer it with its status and message like every other refusal.
    410 rather than 404 (the record exists and the reader may see it), 409 (nothing the
    reader can resolve) or 5xx (the server works; the resilience suite counts every 5xx as
    a failure): the content is gone from the store until an administrator restores it.
    """

    status = 410
    kind = ""

    def __init__(self, stored_file_id: int | None, sha256: str, message=None) -> None:
        super().__init__(message)
        self.stored_file_id, self.sha256 = stored_file_id, sha256


class BlobMissing(BlobFault):
    """The blob is not on disk."""

    kind = "missing"
    default = _l(
        "Tệp này không còn trong kho lưu trữ của máy chủ nên không tải về được. "
        "Quản trị hệ thống đã được báo để khôi phục từ bản sao lưu."
    )


class BlobDamaged(BlobFault):
    """The blob's bytes are no longer the recorded ones (size or SHA-256): never served."""

    kind = "damaged"
    default = _l(
        "Tệp này trong kho lưu trữ đã bị hỏng (nội dung không còn khớp với bản đã lưu) "
        "nên không được gửi đi. Quản trị hệ thống đã được báo để khôi phục từ bản sao lưu."
    )
