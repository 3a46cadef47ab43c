"""The document record, its basis links, plan tasks, audience, files with versions, and reads."""

import calendar
import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet import clock
from intranet.accounts.models import Role, Unit, User
from intranet.documents import kinds
from intranet.extensions import db
from intranet.extensions import lazy_gettext as _l
from intranet.storage.models import StoredFile


class Status(enum.StrEnum):
    """draft -> submitted (trình ký) -> signed (ký) -> published (ban hành) -> superseded/revoked.

    Returned from submission or signature, a document is a draft again. An issued document
    (published, superseded, revoked) never changes but by issuing another that names it.
    """

    DRAFT = "draft"
    SUBMITTED = "submitted"
    SIGNED = "signed"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"
    REVOKED = "revoked"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    Status.DRAFT: _l("Dự thảo"),
    Status.SUBMITTED: _l("Chờ ký"),
    Status.SIGNED: _l("Đã ký, chờ ban hành"),
    Status.PUBLISHED: _l("Đã ban hành"),
    Status.SUPERSEDED: _l("Đã được thay thế"),
    Status.REVOKED: _l("Đã thu hồi"),
}


# Before issue: drafts and what is on its way to signature and issue (not for the audience).
PRE_ISSUE = (Status.DRAFT, Status.SUBMITTED, Status.SIGNED)
# Issued: read-only for everyone, for good.
ISSUED = (Status.PUBLISHED, Status.SUPERSEDED, Status.REVOKED)


class Relation(enum.StrEnum):
    """How an issuing document acts on an earlier issued one that it names."""

    AMENDS = "amends"
    REPLACES = "replaces"
    CORRECTS = "corrects"
    REVOKES = "revokes"

    @property
    def label(self) -> str:
        return str(RELATION_LABELS[self][0])

    @property
    def passive(self) -> str:
        return str(RELATION_LABELS[self][1])


RELATION_LABELS = {
    Relation.AMENDS: (_l("Sửa đổi, bổ sung"), _l("Được sửa đổi, bổ sung bởi")),
    Relation.REPLACES: (_l("Thay thế"), _l("Được thay thế bởi")),
    Relation.CORRECTS: (_l("Đính chính"), _l("Được đính chính bởi")),
    Relation.REVOKES: (_l("Bãi bỏ"), _l("Bị bãi bỏ bởi")),
}


def _enum(cls):
    return db.Enum(
        cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]
    )


class Document(db.Model):
    """Văn bản. ``symbol_folded`` makes "36/KH-CDBP" and "36/KH-CĐBP" the same number."""

    __tablename__ = "document"
    __audited__ = True
    __audit_noun__ = "văn bản"
    __audit_label__ = "symbol"
    __audit_type_label__ = _l("Văn bản")
    __audit_page__ = ("documents.detail", "document_id")
    __table_args__ = (
        UniqueConstraint("issuer_folded", "year", "number", name="uq_document_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(5), index=True)
    # None until issue: the registry takes the next free number of the issuer then.
    number: Mapped[int | None]
    issuer_code: Mapped[str] = mapped_column(String(40))
    issuer_folded: Mapped[str] = mapped_column(String(40))
    symbol: Mapped[str] = mapped_column(String(60))
    symbol_folded: Mapped[str] = mapped_column(String(60), index=True)
    year: Mapped[int] = mapped_column(index=True)
    issued_on: Mapped[date] = mapped_column(index=True)  # the lists' default order
    issued_place: Mapped[str] = mapped_column(String(100), default="")
    issuer_name: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, default="")
    period_start: Mapped[int | None]
    period_end: Mapped[int | None]
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    signer_authority: Mapped[str] = mapped_column(String(100), default="")
    signer_title: Mapped[str] = mapped_column(String(100), default="")
    recipients: Mapped[str] = mapped_column(Text, default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    status: Mapped[Status] = mapped_column(_enum(Status), default=Status.DRAFT, index=True)
    audience_all: Mapped[bool] = mapped_column(default=True)
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"), index=True)
    status_note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)
    published_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    signed_at: Mapped[datetime | None]
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    deleted_at: Mapped[datetime | None]
    # Optimistic locking: an edit made on a stale form is refused, not silently applied.
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    unit: Mapped[Unit | None] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    signed_by: Mapped[User | None] = relationship(foreign_keys=[signed_by_id])
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])
    superseded_by: Mapped["Document | None"] = relationship(remote_side=[id])
    audience: Mapped[list["DocumentAudience"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    basis: Mapped[list["Basis"]] = relationship(
        foreign_keys="Basis.document_id", cascade="all, delete-orphan", order_by="Basis.position"
    )
    tasks: Mapped[list["PlanTask"]] = relationship(
        cascade="all, delete-orphan", order_by="PlanTask.position"
    )
    files: Mapped[list["DocumentFile"]] = relationship(
        cascade="all, delete-orphan", order_by="DocumentFile.id"
    )

    @property
    def kind_label(self) -> str:
        return kinds.label(self.kind)

    @property
    def title(self) -> str:
        return f"{self.kind_label} {self.symbol}"

    @property
    def issued(self) -> bool:
        """Issued (ban hành): read-only for everyone from now on."""
        return self.status in ISSUED

    @property
    def relations(self) -> list["Basis"]:
        """The earlier documents this one amends, replaces, corrects or revokes."""
        return [b for b in self.basis if b.relation]

    @property
    def live_files(self) -> list["DocumentFile"]:
        return [f for f in self.files if f.deleted_at is None]

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class DocumentAudience(db.Model):
    """One unit or one role that a restricted document is published to."""

    __tablename__ = "document_audience"
    __audited__ = True
    __audit_noun__ = "nơi nhận của văn bản"
    __audit_type_label__ = _l("Nơi nhận")
    __audit_parent__ = ("document", "document_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    role: Mapped[Role | None] = mapped_column(
        db.Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )

    unit: Mapped[Unit | None] = relationship()


class Basis(db.Model):
    """Căn cứ / thực hiện: a link to a document in the archive, or one only cited by its text.

    A cited document becomes a link when a document with that symbol is added later.
    ``implements`` marks the plan this one carries out (113/KH-UBND -> 36/KH-CĐBP).
    """

    __tablename__ = "document_basis"
    __audited__ = True
    __audit_noun__ = "căn cứ của văn bản"
    __audit_label__ = "cited_text"
    __audit_type_label__ = _l("Căn cứ")
    __audit_parent__ = ("document", "document_id")
    __table_args__ = (Index("ix_document_basis_cited", "cited_symbol_folded"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    target_id: Mapped[int | None] = mapped_column(
        ForeignKey("document.id", ondelete="SET NULL"), index=True
    )
    cited_text: Mapped[str] = mapped_column(Text, default="")
    cited_symbol_folded: Mapped[str | None] = mapped_column(String(60))
    implements: Mapped[bool] = mapped_column(default=False)
    # Sửa đổi, bổ sung / thay thế / đính chính / bãi bỏ the target ("" for a căn cứ line).
    relation: Mapped[str] = mapped_column(String(20), default="", server_default="")

    @property
    def relation_kind(self) -> Relation | None:
        return Relation(self.relation) if self.relation else None

    document: Mapped[Document] = relationship(foreign_keys=[document_id], back_populates="basis")
    target: Mapped[Document | None] = relationship(foreign_keys=[target_id])


class PlanTask(db.Model):
    """A task of a plan: who is in charge, what to do, by when, and the target."""

    __tablename__ = "plan_task"
    __audited__ = True
    __audit_noun__ = "nhiệm vụ kế hoạch"
    __audit_label__ = "description"
    __audit_type_label__ = _l("Nhiệm vụ kế hoạch")
    __audit_parent__ = ("document", "document_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    assignee_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    assignee_role: Mapped[Role | None] = mapped_column(
        db.Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    assignee_text: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text)
    # Either a fixed date, or a yearly rule "before day/month every year".
    deadline_on: Mapped[date | None]
    deadline_day: Mapped[int | None]
    deadline_month: Mapped[int | None]
    target_count: Mapped[int | None]
    target_text: Mapped[str] = mapped_column(String(300), default="")

    assignee_unit: Mapped[Unit | None] = relationship()

    def deadline_in(self, year: int) -> date | None:
        """The deadline that applies in ``year`` (30/6/year for a yearly 30/6 rule).

        A yearly 29/2 falls on 28/2 in a year that is not a leap year.
        """
        if self.deadline_day and self.deadline_month:
            last = calendar.monthrange(year, self.deadline_month)[1]
            return date(year, self.deadline_month, min(self.deadline_day, last))
        return self.deadline_on


class DocumentFile(db.Model):
    """An attachment of a document; each upload of a new file adds a version, none is lost."""

    __tablename__ = "document_file"
    __audited__ = True
    __audit_noun__ = "tệp đính kèm"
    __audit_type_label__ = _l("Tệp đính kèm")
    __audit_parent__ = ("document", "document_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    deleted_at: Mapped[datetime | None]
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)

    document: Mapped[Document] = relationship(back_populates="files")
    versions: Mapped[list["FileVersion"]] = relationship(
        cascade="all, delete-orphan", order_by="FileVersion.number", lazy="selectin"
    )

    @property
    def current(self) -> "FileVersion":
        return self.versions[-1]


class FileVersion(db.Model):
    __tablename__ = "file_version"
    __audited__ = True
    __audit_noun__ = "phiên bản tệp"
    __audit_label__ = "original_name"
    __audit_type_label__ = _l("Phiên bản tệp")
    __audit_parent__ = ("document", "file_id")
    __audit_parent_via__ = ("document_file", "document_id")
    __table_args__ = (UniqueConstraint("file_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("document_file.id", ondelete="CASCADE"))
    number: Mapped[int]
    stored_file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    uploaded_at: Mapped[datetime] = mapped_column(default=clock.now)

    file: Mapped[DocumentFile] = relationship(back_populates="versions")
    stored: Mapped[StoredFile] = relationship(lazy="joined")
    uploaded_by: Mapped[User] = relationship()


class DocumentRead(db.Model):
    """A reader marked a published document as read (dissemination, plan 36 part IV.1)."""

    __tablename__ = "document_read"
    __table_args__ = (UniqueConstraint("document_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    read_at: Mapped[datetime] = mapped_column(default=clock.now)
