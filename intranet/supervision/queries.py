"""The lists of supervision, read by the pages and the API alike: the year's reports by unit,
the inspections. Each list is loaded in a few grouped queries."""

from dataclasses import dataclass

from sqlalchemy import extract, select
from sqlalchemy.orm import joinedload, selectinload

from intranet import policy
from intranet.accounts.models import Role, Unit
from intranet.accounts.permissions import reads_everything
from intranet.extensions import db
from intranet.supervision import access, rules
from intranet.supervision.models import Inspection, ReportState, UnitReport
from intranet.supervision.reports import is_open, live_lists


@dataclass
class ReportRow:
    """A unit's place in the year's reporting."""

    unit: Unit
    report: UnitReport | None
    state: ReportState
    days: int
    may_submit: bool = False
    live: list[dict] | None = None  # the list that submitting would freeze (for who may submit)

    @property
    def open(self) -> bool:
        """Not submitted yet, or returned for correction: it may be (re)submitted."""
        return is_open(self.report)


def report_units(user, sort: str = "name") -> list[Unit]:
    """The units whose reports ``user`` may see: all active ones for those who read
    everything, one's own unit for its head, none for anyone else."""
    query = select(Unit).where(Unit.active.is_(True))
    if not reads_everything(user):
        if not (user.is_authenticated and user.has_role(Role.UNIT_HEAD)):
            return []
        query = query.where(Unit.id == user.unit_id)
    column = getattr(Unit, sort.lstrip("-"))
    return list(
        db.session.execute(query.order_by(column.desc() if sort.startswith("-") else column))
        .scalars()
        .all()
    )


def report_rows(user, year: int, *, with_lists: bool = False, sort: str = "name"):
    """Each visible unit's report for ``year`` with its state; ``with_lists`` adds the live
    list of the units the user may submit for."""
    units = [u for u in report_units(user, sort) if access.may_see_unit(user, u.id)]
    unit_ids = [u.id for u in units]
    reports = {
        r.unit_id: r
        for r in db.session.execute(
            policy.visible(UnitReport, user)
            .where(UnitReport.unit_id.in_(unit_ids), UnitReport.year == year)
            .options(selectinload(UnitReport.submitted_by), selectinload(UnitReport.returned_by))
        ).scalars()
    }
    due, today = rules.deadline(year), rules.today()
    rows = []
    for unit in units:
        report = reports.get(unit.id)
        state, days = rules.report_state(report, due, today)
        rows.append(ReportRow(unit, report, state, days, access.may_submit_report(user, unit.id)))
    if with_lists:
        wanted = [row.unit.id for row in rows if row.may_submit and row.open]
        lists = live_lists(wanted, year)
        for row in rows:
            if row.unit.id in lists:
                row.live = lists[row.unit.id]
    return rows


def inspections(user, unit_id: int | None = None, year: int | None = None):
    """The inspections ``user`` may see, newest first (a select, for pages and the API)."""
    query = policy.visible(Inspection, user).options(
        joinedload(Inspection.unit), selectinload(Inspection.follow_ups)
    )
    if unit_id is not None:
        query = query.where(Inspection.unit_id == unit_id)
    if year is not None:
        query = query.where(extract("year", Inspection.inspected_on) == year)
    return query.order_by(Inspection.inspected_on.desc(), Inspection.id.desc())
