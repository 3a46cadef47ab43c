"""One row per distinct content in the file store; the bytes live at ``path_for(row)``."""

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from intranet import clock
from intranet.extensions import db

# The allow-list of DESIGN.md, as stored in ``type_code``.
TYPE_CODES = ("pdf", "docx", "xlsx", "odt", "ods", "doc", "xls", "txt", "jpeg", "png", "tiff")


class StoredFile(db.Model):
    """A stored content, named by its SHA-256; records that attach a file point here."""

    __tablename__ = "stored_file"
    __table_args__ = (
        CheckConstraint(
            "type_code IN (" + ", ".join(f"'{code}'" for code in TYPE_CODES) + ")",
            name="type_code",
        ),
        CheckConstraint("size > 0", name="size"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    mime_type: Mapped[str] = mapped_column(String(100))
    type_code: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    def __repr__(self) -> str:
        return f"<StoredFile {self.id} {self.type_code} {self.sha256[:12]}>"
