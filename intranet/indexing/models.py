"""The outbox of index changes, and the text extracted from each stored file."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from intranet import clock
from intranet.extensions import db


class SearchOutbox(db.Model):
    """A record whose index entry must be rebuilt (or removed). Written with the record itself,
    so a crash between the database and the index loses nothing: the worker catches up."""

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class ExtractedText(db.Model):
    """What extraction found in a stored file: its text, or why there is none."""

    __tablename__ = "extracted_text"

    stored_file_id: Mapped[int] = mapped_column(
        ForeignKey("stored_file.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(20))
    method: Mapped[str] = mapped_column(String(20), default="")
    message: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    extracted_at: Mapped[datetime] = mapped_column(default=clock.now)
