"""Checks on zip-based files (DOCX, XLSX, ODT, ODS) before any parser inflates them."""

import zipfile
from pathlib import Path

from intranet.extraction.result import DAMAGED, ENCRYPTED, ZIP_BOMB, ExtractionError

MAX_MEMBERS = 10_000
MAX_UNZIPPED = 256 * 1024 * 1024  # all members together; a real office file is far smaller
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Word and Excel save a password-protected DOCX/XLSX as an OLE2 file with this stream.
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


def check_zip(path: Path) -> None:
    """Refuse a zip bomb (too many members, too much once inflated) and report encryption.

    The sizes checked are the ones the zip declares; ``zipfile`` never inflates a member past
    its declared size (it fails the CRC instead), so a lying header cannot get round the check.
    """
    with path.open("rb") as f:
        if f.read(8) == _OLE:
            if _has_encryption_info(f):
                raise ExtractionError("encrypted", ENCRYPTED)
            raise ExtractionError("failed", DAMAGED)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as exc:
        raise ExtractionError("failed", DAMAGED) from exc
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNZIPPED:
        raise ExtractionError("failed", ZIP_BOMB)
    if any(m.flag_bits & 0x1 for m in members):  # zip-level encryption: nothing to read
        raise ExtractionError("encrypted", ENCRYPTED)


def _has_encryption_info(f) -> bool:
    """Look for the stream's name in the OLE2 directory, a chunk at a time."""
    tail = b""
    while chunk := f.read(1 << 20):
        if _ENCRYPTION_INFO in tail + chunk:
            return True
        tail = chunk[-len(_ENCRYPTION_INFO) :]
    return False
