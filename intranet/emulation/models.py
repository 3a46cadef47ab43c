"""The emulation year: movements, each unit's criteria, registrations, evaluations, unit reviews."""

import enum
from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet import clock
from intranet.accounts.models import Unit, User
from intranet.documents.models import Document
from intranet.exemplars.catalogues import CatalogueEntry
from intranet.exemplars.models import Exemplar, Subject
from intranet.extensions import db
from intranet.extensions import lazy_gettext as _l
from intranet.storage.models import StoredFile


def _enum(cls):
    return db.Enum(
        cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]
    )


# The units taking part in a movement.
movement_unit = Table(
    "movement_unit",
    db.metadata,
    Column("movement_id", Integer, ForeignKey("movement.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", Integer, ForeignKey("unit.id"), primary_key=True, index=True),
)


class Movement(db.Model):
    """Phong trào thi đua: launched by an issued plan or directive, for a period and some units."""

    __tablename__ = "movement"
    __audited__ = True
    __audit_noun__ = "phong trào thi đua"
    __audit_label__ = "name"
    __audit_type_label__ = _l("Phong trào thi đua")

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    goals: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    document: Mapped[Document] = relationship()
    created_by: Mapped[User] = relationship()
    units: Mapped[list[Unit]] = relationship(secondary=movement_unit, order_by=Unit.code)


class Criteria(db.Model):
    """Tiêu chí: one version of a unit's criteria for a movement; a new version keeps the old."""

    __tablename__ = "criteria"
    __audited__ = True
    __audit_noun__ = "tiêu chí"
    __audit_label__ = "title"
    __audit_type_label__ = _l("Tiêu chí thi đua")
    __table_args__ = (UniqueConstraint("movement_id", "unit_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    movement_id: Mapped[int] = mapped_column(ForeignKey("movement.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    version: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    movement: Mapped[Movement] = relationship()
    unit: Mapped[Unit] = relationship()
    author: Mapped[User] = relationship()


class RegistrationStatus(enum.StrEnum):
    REGISTERED = "registered"
    CONFIRMED = "confirmed"

    @property
    def label(self) -> str:
        return str(_l("Đã đăng ký") if self is RegistrationStatus.REGISTERED else _l("Đã xác nhận"))


class Registration(db.Model):
    """Đăng ký thi đua: a person or a collective (unit) names the title it aims for in a year."""

    __tablename__ = "registration"
    __audited__ = True
    __audit_noun__ = "đăng ký thi đua"
    __audit_label__ = "name"
    __audit_type_label__ = _l("Đăng ký thi đua")

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    subject: Mapped[Subject] = mapped_column(_enum(Subject))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    title_id: Mapped[int] = mapped_column(ForeignKey("catalogue_entry.id"), index=True)
    commitments: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[RegistrationStatus] = mapped_column(
        _enum(RegistrationStatus), default=RegistrationStatus.REGISTERED, index=True
    )
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    confirmed_at: Mapped[datetime | None]

    person: Mapped[User | None] = relationship(foreign_keys=[person_id])
    unit: Mapped[Unit] = relationship()
    title: Mapped[CatalogueEntry] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    confirmed_by: Mapped[User | None] = relationship(foreign_keys=[confirmed_by_id])


class Rating(db.Model):
    """The evaluation scale, kept as data (the secretariat may change it)."""

    __tablename__ = "rating"
    __table_args__ = (UniqueConstraint("name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    def __str__(self) -> str:
        return self.name


# The default scale (Nghị định 90/2020 on classifying staff), seeded by the migration.
DEFAULT_RATINGS = ("Hoàn thành xuất sắc", "Hoàn thành tốt", "Hoàn thành", "Không hoàn thành")
# ``quarter`` of a yearly evaluation.
WHOLE_YEAR = 0


class EvaluationRound(db.Model):
    """A unit's evaluation for a quarter (1–4) or the year (0), with its meeting minutes."""

    __tablename__ = "evaluation_round"
    __audited__ = True
    __audit_noun__ = "đợt đánh giá"
    __audit_label__ = "year"
    __audit_type_label__ = _l("Đánh giá thi đua")
    __table_args__ = (UniqueConstraint("unit_id", "year", "quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    year: Mapped[int] = mapped_column(index=True)
    quarter: Mapped[int] = mapped_column(default=WHOLE_YEAR)
    criteria_id: Mapped[int | None] = mapped_column(ForeignKey("criteria.id"), index=True)
    minutes_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id"), index=True)
    minutes_name: Mapped[str] = mapped_column(String(255), default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now)

    unit: Mapped[Unit] = relationship()
    criteria: Mapped[Criteria | None] = relationship()
    minutes_file: Mapped[StoredFile | None] = relationship()
    recorded_by: Mapped[User] = relationship()
    evaluations: Mapped[list["Evaluation"]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="Evaluation.id"
    )

    @property
    def label(self) -> str:
        return period_label(self.year, self.quarter)


def period_starts(year: int, quarter: int) -> date:
    """The first day a period may be evaluated: its own first day; the year's, with Q4."""
    return date(year, 3 * (quarter or 4) - 2, 1)


def period_label(year: int, quarter: int) -> str:
    if quarter == WHOLE_YEAR:
        return str(_l("Năm %(y)s", y=year))
    return str(_l("Quý %(q)s/%(y)s", q=quarter, y=year))


class Evaluation(db.Model):
    """One member's result in a round: a rating of the scale and a comment."""

    __tablename__ = "evaluation"
    __audited__ = True
    __audit_noun__ = "kết quả đánh giá"
    __audit_label__ = "comment"
    __audit_type_label__ = _l("Kết quả đánh giá")
    __table_args__ = (UniqueConstraint("round_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_round.id", ondelete="CASCADE"), index=True
    )
    # The round's unit, year and quarter, kept on the row: the rule and the lists read them.
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    year: Mapped[int] = mapped_column(index=True)
    quarter: Mapped[int] = mapped_column(default=WHOLE_YEAR)
    person_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("rating.id"), index=True)
    comment: Mapped[str] = mapped_column(Text, default="")

    round: Mapped[EvaluationRound] = relationship(back_populates="evaluations")
    person: Mapped[User] = relationship()
    rating: Mapped[Rating] = relationship()
    unit: Mapped[Unit] = relationship()

    @property
    def label(self) -> str:
        return period_label(self.year, self.quarter)


class UnitReview(db.Model):
    """Bình xét: the unit meeting's tally for a candidate (a nomination) and a title."""

    __tablename__ = "unit_review"
    __audited__ = True
    __audit_noun__ = "bình xét"
    __audit_label__ = "id"
    __audit_type_label__ = _l("Bình xét ở đơn vị")
    __audit_parent__ = ("exemplar", "exemplar_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    exemplar_id: Mapped[int] = mapped_column(
        ForeignKey("exemplar.id", ondelete="CASCADE"), index=True
    )
    title_id: Mapped[int] = mapped_column(ForeignKey("catalogue_entry.id"), index=True)
    held_on: Mapped[date]
    present: Mapped[int]
    agree: Mapped[int]
    disagree: Mapped[int]
    minutes_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id"), index=True)
    minutes_name: Mapped[str] = mapped_column(String(255), default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now)

    exemplar: Mapped[Exemplar] = relationship()
    title: Mapped[CatalogueEntry] = relationship()
    minutes_file: Mapped[StoredFile | None] = relationship()
    recorded_by: Mapped[User] = relationship()

    @property
    def percent(self) -> float:
        return 100.0 * self.agree / self.present if self.present else 0.0


class NominationCriteria(db.Model):
    """Which movement and which version of its unit's criteria a nomination answers."""

    __tablename__ = "nomination_criteria"
    __audited__ = True
    __audit_noun__ = "tiêu chí của đề xuất"
    __audit_label__ = "exemplar_id"
    __audit_type_label__ = _l("Tiêu chí của đề xuất")
    __audit_parent__ = ("exemplar", "exemplar_id")

    exemplar_id: Mapped[int] = mapped_column(
        ForeignKey("exemplar.id", ondelete="CASCADE"), primary_key=True
    )
    criteria_id: Mapped[int] = mapped_column(ForeignKey("criteria.id"), index=True)
    chosen_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    chosen_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)

    exemplar: Mapped[Exemplar] = relationship()
    criteria: Mapped[Criteria] = relationship()
    chosen_by: Mapped[User] = relationship()


class CriterionCheck(db.Model):
    """The reviewer's verdict on one criterion (a line of the criteria) for a nomination."""

    __tablename__ = "criterion_check"
    __audited__ = True
    __audit_noun__ = "đánh giá tiêu chí"
    __audit_label__ = "item"
    __audit_type_label__ = _l("Đánh giá tiêu chí của đề xuất")
    __audit_parent__ = ("exemplar", "exemplar_id")
    __table_args__ = (UniqueConstraint("exemplar_id", "criteria_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exemplar_id: Mapped[int] = mapped_column(
        ForeignKey("exemplar.id", ondelete="CASCADE"), index=True
    )
    criteria_id: Mapped[int] = mapped_column(ForeignKey("criteria.id"), index=True)
    position: Mapped[int]
    item: Mapped[str] = mapped_column(Text)
    met: Mapped[bool]
    note: Mapped[str] = mapped_column(Text, default="")
    checked_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    checked_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)

    exemplar: Mapped[Exemplar] = relationship()
    criteria: Mapped[Criteria] = relationship()
    checked_by: Mapped[User] = relationship()


def criteria_items(criteria: Criteria) -> list[str]:
    """The criteria's items: each non-empty line of its body (list marks stripped)."""
    items = []
    for line in criteria.body.splitlines():
        text = line.strip().lstrip("-*•+").strip()
        if text:
            items.append(text)
    return items
