"""Unit annual reports, and inspections with their follow-ups.

Notifications live in ``intranet.notifications``; ``Notification`` is named here still for old
imports.
"""

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet import clock
from intranet.accounts.models import Unit, User
from intranet.extensions import db
from intranet.extensions import lazy_gettext as _l
from intranet.notifications.models import Notification  # noqa: F401  (old imports)
from intranet.storage.models import StoredFile


class UnitReport(db.Model):
    """Báo cáo năm của đơn vị: due by the plan's deadline (30/6), with a frozen exemplar list."""

    __tablename__ = "unit_report"
    __audited__ = True
    __audit_noun__ = "báo cáo năm của đơn vị"
    __audit_label__ = "year"
    __audit_type_label__ = _l("Báo cáo năm")
    __audit_page__ = ("supervision.report_detail", "report_id")
    __table_args__ = (UniqueConstraint("unit_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    year: Mapped[int] = mapped_column(index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    stored_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id"), index=True)
    original_name: Mapped[str] = mapped_column(String(255), default="")
    # The exemplar list as it was at submission (JSON): later changes do not alter the report.
    exemplar_list: Mapped[str] = mapped_column(Text, default="[]")
    submitted_at: Mapped[datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    returned_at: Mapped[datetime | None]
    returned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    return_note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    unit: Mapped[Unit] = relationship()
    stored: Mapped[StoredFile | None] = relationship()
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    returned_by: Mapped[User | None] = relationship(foreign_keys=[returned_by_id])


class Inspection(db.Model):
    """Kiểm tra: the council examines a unit's emulation work and records what it found."""

    __tablename__ = "inspection"
    __audited__ = True
    __audit_noun__ = "cuộc kiểm tra"
    __audit_label__ = "scope"
    __audit_type_label__ = _l("Kiểm tra")
    __audit_page__ = ("supervision.inspection_detail", "inspection_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    inspected_on: Mapped[date] = mapped_column(index=True)  # the list's order
    members: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(Text)
    findings: Mapped[str] = mapped_column(Text, default="")
    conclusion: Mapped[str] = mapped_column(Text, default="")
    minutes_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id"), index=True)
    minutes_name: Mapped[str] = mapped_column(String(255), default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    unit: Mapped[Unit] = relationship()
    created_by: Mapped[User] = relationship()
    minutes: Mapped[StoredFile | None] = relationship()
    links: Mapped[list["InspectionLink"]] = relationship(cascade="all, delete-orphan")
    follow_ups: Mapped[list["FollowUp"]] = relationship(
        cascade="all, delete-orphan", order_by="FollowUp.id", back_populates="inspection"
    )


class InspectionLink(db.Model):
    """A record examined during an inspection: a document, an exemplar or a unit report."""

    __tablename__ = "inspection_link"
    __audited__ = True
    __audit_noun__ = "hồ sơ được kiểm tra"
    __audit_label__ = "label"
    __audit_type_label__ = _l("Hồ sơ được kiểm tra")
    __audit_parent__ = ("inspection", "inspection_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(
        ForeignKey("inspection.id", ondelete="CASCADE"), index=True
    )
    record_type: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int]
    label: Mapped[str] = mapped_column(String(300))


class FollowUp(db.Model):
    """A follow-up action required by an inspection, with its deadline and its closing."""

    __tablename__ = "follow_up"
    __audited__ = True
    __audit_noun__ = "việc cần khắc phục"
    __audit_label__ = "action"
    __audit_type_label__ = _l("Việc cần khắc phục")
    __audit_parent__ = ("inspection", "inspection_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(
        ForeignKey("inspection.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date | None]
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    closing_note: Mapped[str] = mapped_column(Text, default="")

    closed_by: Mapped[User | None] = relationship()
    inspection: Mapped[Inspection] = relationship(back_populates="follow_ups")


class ReportState(enum.StrEnum):
    NO_DEADLINE = "no_deadline"
    NOT_YET_DUE = "not_yet_due"
    DUE_SOON = "due_soon"
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])


STATE_LABELS = {
    ReportState.NO_DEADLINE: _l("Chưa có hạn"),
    ReportState.NOT_YET_DUE: _l("Chưa đến hạn"),
    ReportState.DUE_SOON: _l("Sắp đến hạn"),
    ReportState.ON_TIME: _l("Nộp đúng hạn"),
    ReportState.LATE: _l("Nộp muộn"),
    ReportState.MISSING: _l("Chưa nộp, quá hạn"),
    ReportState.RETURNED: _l("Trả lại để sửa"),
}
