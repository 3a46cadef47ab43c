"""The compliance dashboard: units × years, exemplars recognised against the plan's target,
and the state of each unit's report."""

from dataclasses import dataclass, field

from sqlalchemy import func, select

from intranet.accounts.models import Unit
from intranet.accounts.permissions import reads_everything
from intranet.exemplars.models import Exemplar, Stage
from intranet.extensions import db
from intranet.propagation.queries import Tally, tallies
from intranet.supervision import rules
from intranet.supervision.models import ReportState, UnitReport

COUNTED = (Stage.RECOGNISED, Stage.PROPAGATED)


@dataclass
class Cell:
    count: int
    target: int | None
    state: ReportState
    days: int
    spread: Tally = field(default_factory=Tally)  # activities, stories, adoptions of the year

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.count >= self.target

    @property
    def spread_met(self) -> bool | None:
        """The plan's target on propagation: at least ``target`` exemplars of the unit made
        known (an activity) in the year."""
        return self.spread.met(self.target)


@dataclass
class Row:
    unit: Unit
    cells: dict[int, Cell] = field(default_factory=dict)


@dataclass
class Dashboard:
    years: list[int]
    rows: list[Row]
    deadlines: dict[int, object]
    targets: dict[int, int | None]

    def met_count(self, year: int) -> int:
        return sum(1 for r in self.rows if r.cells[year].met)

    def total_count(self, year: int) -> int:
        return sum(r.cells[year].count for r in self.rows)

    def spread_met_count(self, year: int) -> int:
        return sum(1 for r in self.rows if r.cells[year].spread_met)

    def spread_total(self, year: int, what: str) -> int:
        return sum(getattr(r.cells[year].spread, what) for r in self.rows)

    def state_count(self, year: int, *states: ReportState) -> int:
        return sum(1 for r in self.rows if r.cells[year].state in states)


def units_for(user) -> list[Unit]:
    """All active units for those who supervise; one's own unit for everyone else."""
    query = select(Unit).where(Unit.active.is_(True)).order_by(Unit.name)
    if not reads_everything(user):
        query = query.where(Unit.id == user.unit_id)
    return list(db.session.execute(query).scalars())


def build(user, years: list[int] | None = None) -> Dashboard:
    years = years or rules.plan_years()
    units = units_for(user)
    unit_ids = [u.id for u in units]
    counts = dict(
        ((unit_id, year), n)
        for unit_id, year, n in db.session.execute(
            select(Exemplar.unit_id, Exemplar.year, func.count(Exemplar.id))
            .where(
                Exemplar.stage.in_(COUNTED),
                Exemplar.unit_id.in_(unit_ids),
                Exemplar.year.in_(years),
            )
            .group_by(Exemplar.unit_id, Exemplar.year)
        ).all()
    )
    reports = {
        (r.unit_id, r.year): r
        for r in db.session.execute(
            select(UnitReport).where(UnitReport.unit_id.in_(unit_ids), UnitReport.year.in_(years))
        ).scalars()
    }
    spread = tallies(unit_ids, years)
    deadlines, targets = rules.deadlines_and_targets(years)
    on = rules.today()
    rows = []
    for unit in units:
        row = Row(unit)
        for year in years:
            state, days = rules.report_state(reports.get((unit.id, year)), deadlines[year], on)
            row.cells[year] = Cell(
                counts.get((unit.id, year), 0),
                targets[year],
                state,
                days,
                spread[(unit.id, year)],
            )
        rows.append(row)
    return Dashboard(years, rows, deadlines, targets)
