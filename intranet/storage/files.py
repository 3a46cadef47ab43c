"""The content-addressed file store under ``UPLOAD_FOLDER``: save, open, verify, purge.

A blob lives at ``UPLOAD_FOLDER/ab/cd/abcd…`` (its SHA-256), is written once through a temporary
file in ``UPLOAD_FOLDER/tmp/``, and is never changed afterwards. Nothing outside ``UPLOAD_FOLDER``
is ever written: no path is built from a user's file name.
"""

import errno
import hashlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from sqlalchemy import exists, inspect, select
from sqlalchemy.dialects import postgresql, sqlite

from intranet import clock
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.storage import tracking, types
from intranet.storage.errors import BlobDamaged, BlobMissing, StorageError
from intranet.storage.models import StoredFile

MAX_NAME = 255
_CHUNK = 1 << 20
_IN_MEMORY = 8 << 20  # a download's verified copy, in memory up to this size
_SHA256 = re.compile(r"[0-9a-f]{64}")
_SEPARATORS = re.compile(r"[/\\]")
# Controls, invisible format marks (a right-to-left override can disguise "gpj.exe") and
# line separators: none belongs in a name shown on a page or sent in a header.
_BREAKS = re.compile(r"[\r\n\x00]")  # refused outright in a name to store (see save)
_DROPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}
_BLOB_MODE = 0o440  # written once, then only read
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT}  # the disk, or the user's quota, is full


def clean_name(name: str | None) -> str:
    """The user's file name made safe to show and send, otherwise kept exactly (NFC).

    Only the last path component is kept, control characters are removed, white space around it
    is trimmed and a name longer than 255 characters is shortened, keeping its extension.
    """
    value = _SEPARATORS.split(name or "")[-1]
    value = "".join(ch for ch in value if unicodedata.category(ch) not in _DROPPED_CATEGORIES)
    value = unicodedata.normalize("NFC", value).strip()
    if len(value) > MAX_NAME:
        value = _shorten(value)
    if not value.strip(". "):
        raise StorageError(_("Tên tệp không hợp lệ."))
    return value


def _shorten(value: str) -> str:
    stem, dot, ext = value.rpartition(".")
    if dot and stem and 0 < len(ext) <= 16:
        return stem[: MAX_NAME - len(ext) - 1].rstrip() + "." + ext
    return value[:MAX_NAME].rstrip()


def upload_root() -> Path:
    """The folder that holds every blob (``UPLOAD_FOLDER``), as an absolute path."""
    return Path(current_app.config["UPLOAD_FOLDER"]).resolve()


def _blob_path(sha256: str) -> Path:
    if not _SHA256.fullmatch(sha256):
        raise ValueError(f"not a SHA-256: {sha256!r}")
    return upload_root() / sha256[:2] / sha256[2:4] / sha256


def path_for(stored_file: StoredFile) -> Path:
    """Where the bytes of ``stored_file`` live."""
    return _blob_path(stored_file.sha256)


def open_blob(stored_file: StoredFile) -> BinaryIO:
    """The stored bytes, opened for binary reading (the caller closes the file)."""
    return path_for(stored_file).open("rb")


def save(stream: BinaryIO, original_name: str | None) -> tuple[StoredFile, str]:
    """Store the content of ``stream``; return its ``StoredFile`` row and the cleaned name.

    The row is added to ``db.session`` and flushed but not committed: the caller commits it with
    its own rows. If that transaction is rolled back instead, the blob written here is removed
    (see ``tracking``). Raises ``StorageError`` with a message for the user when the file is
    refused: a bad name (nothing left once cleaned, or a CR, LF or NUL in it), empty, too
    large, a type not allowed, or a name that lies about it.
    """
    if original_name and _BREAKS.search(original_name):
        # No browser sends these: a name made to split a header ("a\r\nSet-Cookie: …").
        raise StorageError(
            _("Tên tệp chứa ký tự xuống dòng hoặc ký tự NUL; hãy đổi tên tệp rồi gửi lại.")
        )
    name = clean_name(original_name)
    try:
        return _save(stream, name)
    except OSError as exc:
        if exc.errno not in _NO_SPACE:
            raise
        # The partial temporary file is already gone; the user is told plainly, not a 500.
        current_app.logger.error("file store full: %s", exc)
        raise StorageError(
            _(
                "Không đủ dung lượng lưu trữ trên máy chủ nên tệp chưa được lưu. "
                "Hãy báo quản trị hệ thống, rồi thử lại sau."
            )
        ) from exc


def _save(stream: BinaryIO, name: str) -> tuple[StoredFile, str]:
    limit_mb = current_app.config["MAX_UPLOAD_MB"]
    tmp_dir = upload_root() / "tmp"
    _makedirs(tmp_dir)
    fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, prefix="upload-")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            sha256, size = _copy(stream, out, limit_mb)
        file_type = types.detect(tmp)
        types.check_extension(name, file_type)
        session = db.session()
        stored = session.execute(select(StoredFile).filter_by(sha256=sha256)).scalar_one_or_none()
        path = _blob_path(sha256)
        if _place(tmp, path, size):
            tracking.remember_new_blob(session, sha256, path)
        if stored is None:
            stored = _insert_row(session, sha256, size, file_type)
        return stored, name
    finally:
        tmp.unlink(missing_ok=True)


def _insert_row(session, sha256: str, size: int, file_type: types.FileType) -> StoredFile:
    """The new content's row; or, when another request stored the same bytes at the same moment,
    that request's row (INSERT … ON CONFLICT DO NOTHING: a unique violation was a 500)."""
    dialect = session.get_bind(mapper=StoredFile).dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    values = {
        "sha256": sha256,
        "size": size,
        "mime_type": file_type.mime,
        "type_code": file_type.code,
        "created_at": clock.now(),
    }
    table = StoredFile.__table__
    session.execute(
        insert(table).values(**values).on_conflict_do_nothing(index_elements=["sha256"])
    )
    return session.execute(select(StoredFile).filter_by(sha256=sha256)).scalar_one()


def _copy(stream: BinaryIO, out: BinaryIO, limit_mb: int) -> tuple[str, int]:
    """Copy in chunks, hashing; stop as soon as the limit is passed."""
    limit = limit_mb * 1024 * 1024
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise StorageError(_("Tệp vượt quá dung lượng cho phép (%(mb)d MB).", mb=limit_mb))
        digest.update(chunk)
        out.write(chunk)
    if size == 0:
        raise StorageError(_("Tệp rỗng: hãy chọn một tệp có nội dung."))
    out.flush()
    os.fsync(out.fileno())
    return digest.hexdigest(), size


def _place(tmp: Path, path: Path, size: int) -> bool:
    """Move the temporary file to its blob path; False when the same content is already there."""
    if path.is_file() and path.stat().st_size == size:
        return False
    _makedirs(path.parent)
    os.chmod(tmp, _BLOB_MODE)
    os.replace(tmp, path)  # atomic: a reader sees the whole blob or none
    _fsync_dir(path.parent)
    return True


def _makedirs(path: Path) -> None:
    """Create missing folders, and make each new entry durable in its parent."""
    if path.is_dir():
        return
    _makedirs(path.parent)
    try:
        path.mkdir()
    except FileExistsError:
        return
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def verify(stored_file: StoredFile) -> bool:
    """True when the blob exists and its size and SHA-256 are the recorded ones."""
    try:
        _check(stored_file)
    except (BlobMissing, BlobDamaged):
        return False
    return True


def open_verified(stored_file: StoredFile) -> BinaryIO:
    """A private copy of the blob, checked whole against its recorded size and SHA-256, at 0.

    Raises ``BlobMissing`` or ``BlobDamaged``. The caller sends from this copy, so what was
    hashed is what is sent, even when the blob is changed in place during the download (a disk
    fault, a hand edit): sending from the blob itself served such a change with a 200. The copy
    stays in memory up to 8 MB, in a temporary file beyond.
    """
    copy = tempfile.SpooledTemporaryFile(max_size=_IN_MEMORY)  # noqa: SIM115 (the caller sends it)
    try:
        _check(stored_file, copy)
        copy.seek(0)
    except BaseException:
        copy.close()
        raise
    return copy


def _check(stored_file: StoredFile, copy: BinaryIO | None = None) -> None:
    """Hash the blob whole (writing what was read to ``copy``); raise if it is not the one."""
    try:
        fh = path_for(stored_file).open("rb")
    except OSError as exc:  # gone, a folder in its place, or unreadable: not there to send
        raise BlobMissing(stored_file.id, stored_file.sha256) from exc
    digest = hashlib.sha256()
    with fh:
        try:
            if os.fstat(fh.fileno()).st_size != stored_file.size:
                raise BlobDamaged(stored_file.id, stored_file.sha256)
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
                if copy is not None:
                    copy.write(chunk)
        except OSError as exc:  # a disk read error: the bytes cannot be vouched for
            raise BlobDamaged(stored_file.id, stored_file.sha256) from exc
    if digest.hexdigest() != stored_file.sha256:
        raise BlobDamaged(stored_file.id, stored_file.sha256)


def stray_blobs() -> list[Path]:
    """Files under ``UPLOAD_FOLDER`` that no ``stored_file`` row accounts for (``tmp/`` aside)."""
    root = upload_root()
    known = set(db.session.execute(select(StoredFile.sha256)).scalars())
    strays = []
    for folder, dirs, files in os.walk(root):
        if Path(folder) == root and "tmp" in dirs:
            dirs.remove("tmp")  # uploads in progress
        for file_name in files:
            path = Path(folder) / file_name
            if not (file_name in known and path == _blob_path(file_name)):
                strays.append(path)
    return sorted(strays)


def temp_files() -> list[Path]:
    """Files in ``UPLOAD_FOLDER/tmp/``: uploads being written now, or left by a crash."""
    folder = upload_root() / "tmp"
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if path.is_file())


def missing_blobs() -> list[StoredFile]:
    """Rows whose blob is not on disk."""
    rows = db.session.execute(select(StoredFile).order_by(StoredFile.id)).scalars()
    return [row for row in rows if not path_for(row).is_file()]


def is_referenced(stored_file: StoredFile) -> bool:
    """Whether a row of any table points at ``stored_file``, found through the metadata's
    foreign keys so that storage needs to know no domain area."""
    target = StoredFile.__table__
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.references(target):
                query = select(exists().where(fk.parent == stored_file.id))
                if db.session.execute(query).scalar():
                    return True
    return False


def purge_if_unreferenced(stored_file: StoredFile) -> bool:
    """Delete the row and its blob when nothing points at it any more; False if something does.

    The row is deleted in the caller's transaction; the blob goes when that transaction commits
    (and stays if it rolls back), so a failed purge loses nothing.
    """
    state = inspect(stored_file)
    if state.deleted or state.was_deleted:
        return True  # already purged in this transaction (two versions of one content)
    if is_referenced(stored_file):
        return False
    session = db.session()
    path = path_for(stored_file)
    session.delete(stored_file)
    session.flush()
    tracking.remove_on_commit(session, stored_file.sha256, path)
    return True
