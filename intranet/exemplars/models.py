"""Exemplars with their timeline, evidence files, and the award lines of decisions."""

import enum
from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet import clock
from intranet.accounts.models import Unit, User
from intranet.documents.models import Document
from intranet.exemplars.catalogues import CatalogueEntry
from intranet.extensions import db
from intranet.extensions import lazy_gettext as _l
from intranet.storage.models import StoredFile


def _enum(cls):
    return db.Enum(
        cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]
    )


# The kind code of a commendation decision (quyết định), the document that carries award lines.
DECISION_KIND = "QĐ"


class Subject(enum.StrEnum):
    INDIVIDUAL = "individual"  # cá nhân
    COLLECTIVE = "collective"  # tập thể

    @property
    def label(self) -> str:
        return str(_l("Cá nhân") if self is Subject.INDIVIDUAL else _l("Tập thể"))


class Stage(enum.StrEnum):
    """The life of a nomination (DESIGN.md, "Records and their life")."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    ENDORSED = "endorsed"
    RECOGNISED = "recognised"
    PROPAGATED = "propagated"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return str(STAGE_LABELS[self])


STAGE_LABELS = {
    Stage.DRAFT: _l("Dự thảo"),
    Stage.SUBMITTED: _l("Đã gửi đề xuất"),
    Stage.ENDORSED: _l("Đơn vị đã xác nhận"),
    Stage.RECOGNISED: _l("Đã công nhận"),
    Stage.PROPAGATED: _l("Đã tuyên truyền, nhân rộng"),
    Stage.RETURNED: _l("Trả lại để bổ sung"),
    Stage.WITHDRAWN: _l("Đã rút"),
}


class Exemplar(db.Model):
    """Điển hình tiên tiến: a person or a collective, nominated for an achievement in a year."""

    __tablename__ = "exemplar"
    __audited__ = True
    __audit_noun__ = "điển hình"
    __audit_label__ = "name"
    __audit_type_label__ = _l("Điển hình tiên tiến")
    __audit_page__ = ("exemplars.detail", "exemplar_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[Subject] = mapped_column(_enum(Subject))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))  # the person's or the collective's name
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    field_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_entry.id"), index=True)
    movement_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_entry.id"), index=True)
    year: Mapped[int] = mapped_column(index=True)
    achievement: Mapped[str] = mapped_column(Text)
    stage: Mapped[Stage] = mapped_column(_enum(Stage), default=Stage.DRAFT, index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    person: Mapped[User | None] = relationship(foreign_keys=[person_id])
    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    unit: Mapped[Unit] = relationship()
    field: Mapped[CatalogueEntry | None] = relationship(foreign_keys=[field_id])
    movement: Mapped[CatalogueEntry | None] = relationship(foreign_keys=[movement_id])
    events: Mapped[list["ExemplarEvent"]] = relationship(
        cascade="all, delete-orphan", order_by="ExemplarEvent.id"
    )
    evidence: Mapped[list["Evidence"]] = relationship(
        cascade="all, delete-orphan", order_by="Evidence.id"
    )
    awards: Mapped[list["AwardLine"]] = relationship(back_populates="exemplar")

    @property
    def live_evidence(self) -> list["Evidence"]:
        return [e for e in self.evidence if e.deleted_at is None]


class ExemplarEvent(db.Model):
    """One step of the timeline: who moved the nomination, when, from where to where, and why."""

    __tablename__ = "exemplar_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    exemplar_id: Mapped[int] = mapped_column(
        ForeignKey("exemplar.id", ondelete="CASCADE"), index=True
    )
    from_stage: Mapped[Stage | None] = mapped_column(_enum(Stage))
    to_stage: Mapped[Stage] = mapped_column(_enum(Stage))
    actor_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=clock.now)
    note: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User] = relationship()


class Review(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return str(REVIEW_LABELS[self])


REVIEW_LABELS = {
    Review.PENDING: _l("Chờ xem xét"),
    Review.ACCEPTED: _l("Đã chấp nhận"),
    Review.REJECTED: _l("Không chấp nhận"),
}


class Evidence(db.Model):
    """Minh chứng: a file proving an achievement; personal data, shown only to those allowed."""

    __tablename__ = "evidence"
    __audited__ = True
    __audit_noun__ = "minh chứng"
    __audit_label__ = "title"
    __audit_type_label__ = _l("Minh chứng")
    __audit_parent__ = ("exemplar", "exemplar_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    exemplar_id: Mapped[int] = mapped_column(
        ForeignKey("exemplar.id", ondelete="CASCADE"), index=True
    )
    stored_file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(300))
    evidence_date: Mapped[date | None]
    description: Mapped[str] = mapped_column(Text, default="")
    review: Mapped[Review] = mapped_column(_enum(Review), default=Review.PENDING)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    reviewed_at: Mapped[datetime | None]
    review_note: Mapped[str] = mapped_column(Text, default="")
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    uploaded_at: Mapped[datetime] = mapped_column(default=clock.now)
    deleted_at: Mapped[datetime | None]

    exemplar: Mapped[Exemplar] = relationship(back_populates="evidence")
    stored: Mapped[StoredFile] = relationship(lazy="joined")
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    uploaded_by: Mapped[User] = relationship(foreign_keys=[uploaded_by_id])


class AwardLine(db.Model):
    """A line of a commendation decision: who is rewarded, with what, of which kind and level."""

    __tablename__ = "award_line"
    __audited__ = True
    __audit_noun__ = "dòng khen thưởng"
    __audit_label__ = "recipient_name"
    __audit_type_label__ = _l("Dòng khen thưởng")
    __audit_parent__ = ("document", "document_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    exemplar_id: Mapped[int | None] = mapped_column(ForeignKey("exemplar.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    recipient_name: Mapped[str] = mapped_column(String(200))
    title_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_entry.id"), index=True)
    form_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_entry.id"), index=True)
    kind_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_entry.id"), index=True)
    level_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_entry.id"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger, default=0)  # VND

    document: Mapped[Document] = relationship()
    exemplar: Mapped[Exemplar | None] = relationship(back_populates="awards")
    person: Mapped[User | None] = relationship()
    unit: Mapped[Unit | None] = relationship()
    title: Mapped[CatalogueEntry | None] = relationship(foreign_keys=[title_id])
    form: Mapped[CatalogueEntry | None] = relationship(foreign_keys=[form_id])
    kind: Mapped[CatalogueEntry | None] = relationship(foreign_keys=[kind_id])
    level: Mapped[CatalogueEntry | None] = relationship(foreign_keys=[level_id])
