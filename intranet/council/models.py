"""The council's records: members per year, meetings, agenda lines with their tallies, the
members present, and the comments sent on the public notice with their handling."""

import enum
from datetime import date, datetime, timedelta

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet import clock
from intranet.accounts.models import User
from intranet.documents.models import Document
from intranet.exemplars.catalogues import CatalogueEntry
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from intranet.extensions import lazy_gettext as _l
from intranet.storage.models import StoredFile


def _enum(cls):
    return db.Enum(
        cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]
    )


class Seat(enum.StrEnum):
    CHAIR = "chair"  # Chủ tịch Hội đồng
    SECRETARY = "secretary"  # Thư ký Hội đồng
    MEMBER = "member"  # Ủy viên

    @property
    def label(self) -> str:
        return str(SEAT_LABELS[self])


SEAT_LABELS = {
    Seat.CHAIR: _l("Chủ tịch Hội đồng"),
    Seat.SECRETARY: _l("Thư ký Hội đồng"),
    Seat.MEMBER: _l("Ủy viên"),
}
SEAT_ORDER = {Seat.CHAIR: 0, Seat.SECRETARY: 2, Seat.MEMBER: 1}


class CouncilMember(db.Model):
    """A member of the council for a year, with their seat (chair, secretary, member)."""

    __tablename__ = "council_member"
    __audited__ = True
    __audit_noun__ = "thành viên Hội đồng"
    __audit_label__ = "user_id"
    __audit_type_label__ = _l("Thành viên Hội đồng TĐKT")
    __table_args__ = (UniqueConstraint("year", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    seat: Mapped[Seat] = mapped_column(_enum(Seat), default=Seat.MEMBER)
    added_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    added_at: Mapped[datetime] = mapped_column(default=clock.now)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    added_by: Mapped[User] = relationship(foreign_keys=[added_by_id])


# The council's members present at a meeting.
meeting_attendee = Table(
    "meeting_attendee",
    db.metadata,
    Column("meeting_id", Integer, ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", Integer, ForeignKey("user.id"), primary_key=True, index=True),
)


class Meeting(db.Model):
    """Phiên họp Hội đồng: the agenda, the tallies, the minutes, the notice, the decision."""

    __tablename__ = "meeting"
    __audited__ = True
    __audit_noun__ = "phiên họp Hội đồng"
    __audit_label__ = "held_on"
    __audit_type_label__ = _l("Phiên họp Hội đồng TĐKT")
    __audit_page__ = ("council.meeting", "meeting_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)  # the year of the achievements considered
    held_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(200), default="")
    notice_days: Mapped[int] = mapped_column(default=10)
    notice_from: Mapped[date | None]  # the day the passed list was published
    minutes_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id"), index=True)
    minutes_name: Mapped[str] = mapped_column(String(255), default="")
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    present: Mapped[list[User]] = relationship(secondary=meeting_attendee, order_by=User.full_name)
    items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="AgendaItem.position"
    )
    minutes_file: Mapped[StoredFile | None] = relationship()
    decision: Mapped[Document | None] = relationship()
    created_by: Mapped[User] = relationship()

    @property
    def notice_until(self) -> date | None:
        """The last day of the notice (the window is ``notice_days`` days from publication)."""
        if self.notice_from is None:
            return None
        return self.notice_from + timedelta(days=self.notice_days - 1)

    @property
    def notice_open(self) -> bool:
        return self.notice_from is not None and self.notice_from <= clock.today() <= (
            self.notice_until
        )

    @property
    def notice_closed(self) -> bool:
        return self.notice_from is not None and clock.today() > self.notice_until

    @property
    def passed(self) -> list["AgendaItem"]:
        return [i for i in self.items if i.passed]


class AgendaItem(db.Model):
    """A candidate on the agenda (an endorsed nomination, for a title) and the council's secret
    ballot on it: members present, agree, disagree, invalid; the result follows the title's
    threshold in the catalogue."""

    __tablename__ = "agenda_item"
    __audited__ = True
    __audit_noun__ = "kết quả bỏ phiếu"
    __audit_label__ = "exemplar_id"
    __audit_type_label__ = _l("Kết quả bỏ phiếu của Hội đồng")
    __audit_parent__ = ("meeting", "meeting_id")
    __table_args__ = (UniqueConstraint("meeting_id", "exemplar_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(index=True)  # the meeting's (its council's) year
    exemplar_id: Mapped[int] = mapped_column(ForeignKey("exemplar.id"), index=True)
    title_id: Mapped[int] = mapped_column(ForeignKey("catalogue_entry.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    present: Mapped[int | None]
    agree: Mapped[int | None]
    disagree: Mapped[int | None]
    invalid: Mapped[int | None]
    # Shown to all staff: a passed line, once the notice is published.
    public: Mapped[bool] = mapped_column(default=False, index=True)

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    exemplar: Mapped[Exemplar] = relationship()
    title: Mapped[CatalogueEntry] = relationship()

    @property
    def tallied(self) -> bool:
        return self.present is not None

    @property
    def percent(self) -> float:
        return 100.0 * (self.agree or 0) / self.present if self.present else 0.0

    @property
    def passed(self) -> bool:
        from intranet.emulation.review import meets_threshold

        return self.tallied and meets_threshold(self.agree, self.present, self.title.threshold)


class NoticeComment(db.Model):
    """A comment sent by a member of staff on a candidate of the public notice, and how the
    secretariat handled it; kept with the meeting."""

    __tablename__ = "notice_comment"
    __audited__ = True
    __audit_noun__ = "ý kiến về danh sách công khai"
    __audit_label__ = "id"
    __audit_type_label__ = _l("Ý kiến về danh sách công khai")
    __audit_parent__ = ("meeting", "meeting_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(index=True)  # the meeting's year: its council reads it
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(default=clock.now)
    handling: Mapped[str] = mapped_column(Text, default="")
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    handled_at: Mapped[datetime | None]

    meeting: Mapped[Meeting] = relationship()
    item: Mapped[AgendaItem] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    handled_by: Mapped[User | None] = relationship(foreign_keys=[handled_by_id])
