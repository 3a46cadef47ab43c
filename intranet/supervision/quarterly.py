"""The year by quarter: per unit, the nominations submitted, the exemplars recognised and
propagated in each quarter (by the day the step was taken), the year's total against the plan's
target (≥ 1 exemplar per unit per year, counted as on the main dashboard: exemplars of that year
recognised or propagated), and, from the emulation year, registrations and evaluations.

For those who read everything (secretariat, inspectors, leaders). Loaded in a few grouped
queries; the quarters are bucketed from the steps' local dates.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select

from intranet import clock
from intranet.accounts.models import Unit
from intranet.exemplars.models import Exemplar, ExemplarEvent, Stage
from intranet.extensions import db
from intranet.supervision import rules
from intranet.supervision.dashboard import COUNTED

QUARTERS = (1, 2, 3, 4)
# The steps counted in each quarter, by the stage they lead to.
STEPS = {
    "submitted": Stage.SUBMITTED,
    "recognised": Stage.RECOGNISED,
    "propagated": Stage.PROPAGATED,
}


@dataclass
class Quarter:
    submitted: int = 0
    recognised: int = 0
    propagated: int = 0
    evaluated: int | None = None  # people evaluated in the unit's round; None: no round


@dataclass
class UnitYear:
    unit: Unit
    quarters: dict[int, Quarter] = field(default_factory=lambda: {q: Quarter() for q in QUARTERS})
    exemplars: int = 0  # of the year, recognised or propagated (the plan's count)
    propagated: int = 0  # of the year, propagated
    registrations: int | None = None  # None: the emulation area is not installed
    year_evaluated: int | None = None

    def met(self, target: int | None) -> bool | None:
        return None if target is None else self.exemplars >= target


@dataclass
class Board:
    year: int
    target: int | None
    rows: list[UnitYear]
    emulation: bool

    def total(self, name: str, quarter: int | None = None) -> int:
        if quarter is None:
            return sum(getattr(r, name) or 0 for r in self.rows)
        return sum(getattr(r.quarters[quarter], name) or 0 for r in self.rows)

    def met_count(self) -> int:
        return sum(1 for r in self.rows if r.met(self.target))


def quarter_of(moment: datetime) -> tuple[int, int]:
    day = clock.local_date(moment)
    return day.year, (day.month - 1) // 3 + 1


def build(year: int) -> Board:
    units = list(
        db.session.execute(select(Unit).where(Unit.active.is_(True)).order_by(Unit.name)).scalars()
    )
    rows = {u.id: UnitYear(u) for u in units}
    _steps(year, rows)
    _year_counts(year, rows)
    emulation = _emulation(year, rows)
    return Board(year, rules.target(year), list(rows.values()), emulation)


def _steps(year: int, rows: dict[int, UnitYear]) -> None:
    # A day's margin each side: the local date of a UTC stamp decides (clock.local_date).
    start, end = datetime(year, 1, 1) - timedelta(days=1), datetime(year + 1, 1, 1) + timedelta(1)
    events = db.session.execute(
        select(
            Exemplar.unit_id, ExemplarEvent.exemplar_id, ExemplarEvent.to_stage, ExemplarEvent.at
        )
        .join(Exemplar, Exemplar.id == ExemplarEvent.exemplar_id)
        .where(
            ExemplarEvent.to_stage.in_(list(STEPS.values())),
            ExemplarEvent.at >= start,
            ExemplarEvent.at < end,
        )
    ).all()
    seen: dict[tuple, set[int]] = defaultdict(set)
    for unit_id, exemplar_id, stage, at in events:
        event_year, quarter = quarter_of(at)
        if event_year != year or unit_id not in rows:
            continue
        name = next(n for n, s in STEPS.items() if s == stage)
        # A nomination resubmitted after a return counts once in its quarter.
        if exemplar_id in seen[(unit_id, quarter, name)]:
            continue
        seen[(unit_id, quarter, name)].add(exemplar_id)
        quarters = rows[unit_id].quarters[quarter]
        setattr(quarters, name, getattr(quarters, name) + 1)


def _year_counts(year: int, rows: dict[int, UnitYear]) -> None:
    counts = db.session.execute(
        select(Exemplar.unit_id, Exemplar.stage, func.count(Exemplar.id))
        .where(Exemplar.year == year, Exemplar.stage.in_(COUNTED))
        .group_by(Exemplar.unit_id, Exemplar.stage)
    ).all()
    for unit_id, stage, n in counts:
        if unit_id in rows:
            rows[unit_id].exemplars += n
            if stage == Stage.PROPAGATED:
                rows[unit_id].propagated += n


def _emulation(year: int, rows: dict[int, UnitYear]) -> bool:
    """Registrations of the year and evaluations per quarter, when the area is installed."""
    try:
        from intranet.emulation.models import Evaluation, Registration
    except ImportError:
        return False
    registered = dict(
        db.session.execute(
            select(Registration.unit_id, func.count(Registration.id))
            .where(Registration.year == year)
            .group_by(Registration.unit_id)
        ).all()
    )
    evaluated = db.session.execute(
        select(Evaluation.unit_id, Evaluation.quarter, func.count(Evaluation.id))
        .where(Evaluation.year == year)
        .group_by(Evaluation.unit_id, Evaluation.quarter)
    ).all()
    for row in rows.values():
        row.registrations = registered.get(row.unit.id, 0)
    for unit_id, quarter, n in evaluated:
        if unit_id not in rows:
            continue
        if quarter in QUARTERS:
            rows[unit_id].quarters[quarter].evaluated = n
        else:
            rows[unit_id].year_evaluated = n
    return True
