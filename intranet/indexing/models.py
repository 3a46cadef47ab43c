"""The log of index changes, each host's place in it, and the text extracted from each file."""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from intranet import clock
from intranet.extensions import db
from intranet.extensions import lazy_gettext as _l
from intranet.storage.models import StoredFile


class SearchOutbox(db.Model):
    """A record whose index entry must be rebuilt (or removed). Written with the record itself,
    so a crash between the database and the index loses nothing: the worker catches up.

    An ordered log read by every host's index: ``seq`` is its place, given by a worker once the
    entry is committed (``worker.sequence``), so that a later ``seq`` is never committed before
    an earlier one (ids are not: on PostgreSQL a transaction may commit id 100 after id 101).
    An entry is removed once every host's index has applied it (``worker.prune``).
    """

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    seq: Mapped[int | None] = mapped_column(BigInteger, index=True)


class IndexHost(db.Model):
    """One app host's copy of the index: the last log entry it applied (None: forgotten after
    HOST_FORGET_DAYS unseen, so it rebuilds when it comes back) and when it was last seen."""

    __tablename__ = "index_host"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    applied_seq: Mapped[int | None] = mapped_column(BigInteger)
    seen_at: Mapped[datetime] = mapped_column(default=clock.now)


# What a reader is told about a file's text: the reason (API code) and its label, per status.
# "failed" is stored for every file no reader could make sense of: to a reader it is damaged.
REASONS = {
    "ok": ("ok", _l("Đã đọc nội dung")),
    "no_text": ("no_text", _l("Không có văn bản")),
    "failed": ("damaged", _l("Tệp bị hỏng, không đọc được nội dung")),
    "timeout": ("timeout", _l("Quá thời gian đọc nội dung")),
    "encrypted": ("encrypted", _l("Tệp có mật khẩu, không đọc được nội dung")),
    "unsupported": ("unsupported", _l("Loại tệp không hỗ trợ đọc nội dung")),
}
PENDING = ("pending", _l("Đang chờ đọc nội dung"))
REASON_CODES = ["pending", *(code for code, _label in REASONS.values())]


class ExtractedText(db.Model):
    """What extraction found in a stored file: its text, or why there is none.

    A failure that may pass (a timeout under load, a reader killed) keeps ``retry_at``: the
    worker tries again then, ``attempts`` counting the tries so far; None once it is final.
    """

    __tablename__ = "extracted_text"

    stored_file_id: Mapped[int] = mapped_column(
        ForeignKey("stored_file.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(20))
    method: Mapped[str] = mapped_column(String(20), default="")
    message: Mapped[str] = mapped_column(String(200), default="")
    # Deferred: the file pages load the row for its status, never the whole text.
    text: Mapped[str] = mapped_column(Text, default="", deferred=True)
    extracted_at: Mapped[datetime] = mapped_column(default=clock.now)
    attempts: Mapped[int] = mapped_column(default=1, server_default="1")
    retry_at: Mapped[datetime | None] = mapped_column(index=True)

    # ``stored_file.extraction``: loaded for a whole list of files in one query (pages, API).
    stored_file: Mapped[StoredFile] = relationship(
        backref=backref(
            "extraction",
            uselist=False,
            lazy="selectin",
            cascade="all, delete-orphan",
            passive_deletes=True,
        )
    )

    @property
    def reason(self) -> str:
        """The API's code: ok, no_text, damaged, timeout, encrypted, unsupported."""
        return REASONS.get(self.status, REASONS["failed"])[0]

    @property
    def label(self) -> str:
        """The reason as a reader reads it, in the reader's language."""
        return str(REASONS.get(self.status, REASONS["failed"])[1])


class PendingExtraction:
    """What a file whose text has not been read yet says (the worker has not reached it)."""

    status = reason = "pending"
    method = message = ""
    attempts = 0
    retry_at = extracted_at = None

    @property
    def label(self) -> str:
        return str(PENDING[1])


def extraction_of(stored: StoredFile) -> "ExtractedText | PendingExtraction":
    """The file's extraction row, or a pending one when the worker has not read it yet."""
    return stored.extraction or PendingExtraction()
