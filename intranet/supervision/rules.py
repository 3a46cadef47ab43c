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


def _plan_tasks() -> list[tuple[PlanTask, int | None, int | None]]:
    """The tasks that set a deadline or a target in the published plans, newest plan first, with
    the years each plan is in force (None: open). One query answers every year a page shows."""
    return db.session.execute(
        select(PlanTask, Document.period_start, Document.period_end)
        .join(Document, PlanTask.document_id == Document.id)
        .where(
            Document.kind == "KH",
            Document.status == Status.PUBLISHED,
            or_(PlanTask.deadline_day.is_not(None), PlanTask.target_count.is_not(None)),
        )
        .order_by(Document.issued_on.desc(), PlanTask.position)
    ).all()


def _in_force(tasks, year: int) -> list[PlanTask]:
    return [
        task
        for task, start, end in tasks
        if (start is None or start <= year) and (end is None or end >= year)
    ]


def _reporting_task(tasks: list[PlanTask]) -> PlanTask | None:
    """The task that sets the units' yearly report deadline (assigned to unit heads)."""
    dated = [task for task in tasks if task.deadline_day is not None]
    for task in dated:
        if task.assignee_role == Role.UNIT_HEAD:
            return task
    return dated[0] if dated else None


def _target(tasks: list[PlanTask]) -> int | None:
    return next((task.target_count for task in tasks if task.target_count is not None), None)


def reporting_task(year: int) -> PlanTask | None:
    """The task that sets the units' yearly report deadline (assigned to unit heads)."""
    return _reporting_task(_in_force(_plan_tasks(), year))


def deadline(year: int) -> date | None:
    task = reporting_task(year)
    return task.deadline_in(year) if task else None


def target(year: int) -> int | None:
    """Exemplars each unit should have recognised in ``year`` (the plan says at least 01)."""
    return _target(_in_force(_plan_tasks(), year))


def deadlines_and_targets(years) -> tuple[dict[int, date | None], dict[int, int | None]]:
    """``deadline`` and ``target`` of each year, from one query."""
    tasks = _plan_tasks()
    deadlines, targets = {}, {}
    for year in years:
        in_force = _in_force(tasks, year)
        task = _reporting_task(in_force)
        deadlines[year] = task.deadline_in(year) if task else None
        targets[year] = _target(in_force)
    return deadlines, targets


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
