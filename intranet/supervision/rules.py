"""The plan's rules for units: the report deadline, the exemplar target, and a report's state.

Both come from the published plan's tasks ("trước ngày 30/6 hằng năm", "ít nhất 01 điển hình"),
not from code: a new plan with other figures changes them.
"""

from datetime import date

from sqlalchemy import or_, select

from intranet import clock
from intranet.accounts.models import Role
from intranet.documents.models import Document, PlanTask, Status
from intranet.extensions import db
from intranet.supervision.models import ReportState, UnitReport

DUE_SOON_DAYS = 30


today = clock.today
now = clock.now


def _plan_tasks(year: int):
    """Tasks of the published plans in force in ``year``, newest plan first."""
    return (
        select(PlanTask)
        .join(Document, PlanTask.document_id == Document.id)
        .where(
            Document.kind == "KH",
            Document.status == Status.PUBLISHED,
            or_(Document.period_start.is_(None), Document.period_start <= year),
            or_(Document.period_end.is_(None), Document.period_end >= year),
        )
        .order_by(Document.issued_on.desc(), PlanTask.position)
    )


def reporting_task(year: int) -> PlanTask | None:
    """The task that sets the units' yearly report deadline (assigned to unit heads)."""
    tasks = (
        db.session.execute(_plan_tasks(year).where(PlanTask.deadline_day.is_not(None)))
        .scalars()
        .all()
    )
    for task in tasks:
        if task.assignee_role == Role.UNIT_HEAD:
            return task
    return tasks[0] if tasks else None


def deadline(year: int) -> date | None:
    task = reporting_task(year)
    return task.deadline_in(year) if task else None


def target(year: int) -> int | None:
    """Exemplars each unit should have recognised in ``year`` (the plan says at least 01)."""
    task = db.session.execute(
        _plan_tasks(year).where(PlanTask.target_count.is_not(None)).limit(1)
    ).scalar()
    return task.target_count if task else None


def report_state(report: UnitReport | None, due: date | None, on: date) -> tuple[ReportState, int]:
    """The state of a unit's report for a year, and the days late (or left) that go with it."""
    if (
        report is not None
        and report.returned_at is not None
        and report.submitted_at is not None
        and report.returned_at >= report.submitted_at
    ):
        return ReportState.RETURNED, 0
    submitted = clock.local_date(report.submitted_at) if report and report.submitted_at else None
    if due is None:
        return (ReportState.ON_TIME, 0) if submitted else (ReportState.NO_DEADLINE, 0)
    if submitted:
        late = (submitted - due).days
        return (ReportState.LATE, late) if late > 0 else (ReportState.ON_TIME, 0)
    left = (due - on).days
    if left < 0:
        return ReportState.MISSING, -left
    if left <= DUE_SOON_DAYS:
        return ReportState.DUE_SOON, left
    return ReportState.NOT_YET_DUE, left


def plan_years() -> list[int]:
    """The years the dashboard covers: the plans' periods, up to this year."""
    row = db.session.execute(
        select(db.func.min(Document.period_start), db.func.max(Document.period_end)).where(
            Document.kind == "KH", Document.status == Status.PUBLISHED
        )
    ).one()
    this_year = today().year
    first = row[0] or this_year - 2
    last = min(row[1] or this_year, this_year)
    return list(range(first, max(first, last) + 1))
