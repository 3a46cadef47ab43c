"""Lists and counts of propagation, each in a constant number of grouped queries: per exemplar,
per unit, and the tally per unit and year the dashboard, the annual report and the province's
export read."""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from intranet import policy
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from intranet.propagation.models import (
    Activity,
    Adoption,
    Channel,
    Photo,
    Story,
    StoryStatus,
)


@dataclass
class Tally:
    """What a unit did in a year to make its exemplars known and to copy others'."""

    by_channel: dict[Channel, int] = field(default_factory=dict)
    stories: int = 0  # published, written by the unit
    adoptions: int = 0  # practices the unit adopted from exemplars of other units
    adopted_from: int = 0  # times other units adopted this unit's exemplars
    propagated: int = 0  # the unit's exemplars with an activity in the year (the plan's count)

    @property
    def activities(self) -> int:
        return sum(self.by_channel.values())

    def met(self, target: int | None) -> bool | None:
        return None if target is None else self.propagated >= target


def tallies(unit_ids: list[int], years: list[int]) -> dict[tuple[int, int], Tally]:
    """{(unit id, year): Tally} for every pair asked, in five grouped queries."""
    found = {(u, y): Tally() for u in unit_ids for y in years}
    if not unit_ids or not years:
        return found
    for unit_id, year, channel, n in db.session.execute(
        select(Activity.unit_id, Activity.year, Activity.channel, func.count(Activity.id))
        .where(Activity.unit_id.in_(unit_ids), Activity.year.in_(years))
        .group_by(Activity.unit_id, Activity.year, Activity.channel)
    ):
        found[(unit_id, year)].by_channel[Channel(channel)] = n
    for unit_id, year, n in db.session.execute(
        select(Story.unit_id, Story.year, func.count(Story.id))
        .where(
            Story.unit_id.in_(unit_ids),
            Story.year.in_(years),
            Story.status == StoryStatus.PUBLISHED,
        )
        .group_by(Story.unit_id, Story.year)
    ):
        found[(unit_id, year)].stories = n
    for unit_id, year, n in db.session.execute(
        select(Adoption.unit_id, Adoption.year, func.count(Adoption.id))
        .where(Adoption.unit_id.in_(unit_ids), Adoption.year.in_(years))
        .group_by(Adoption.unit_id, Adoption.year)
    ):
        found[(unit_id, year)].adoptions = n
    for unit_id, year, n in db.session.execute(
        select(Exemplar.unit_id, Adoption.year, func.count(Adoption.id))
        .join(Exemplar, Exemplar.id == Adoption.exemplar_id)
        .where(Exemplar.unit_id.in_(unit_ids), Adoption.year.in_(years))
        .group_by(Exemplar.unit_id, Adoption.year)
    ):
        found[(unit_id, year)].adopted_from = n
    for unit_id, year, n in db.session.execute(
        select(Exemplar.unit_id, Activity.year, func.count(func.distinct(Activity.exemplar_id)))
        .join(Exemplar, Exemplar.id == Activity.exemplar_id)
        .where(Exemplar.unit_id.in_(unit_ids), Activity.year.in_(years))
        .group_by(Exemplar.unit_id, Activity.year)
    ):
        found[(unit_id, year)].propagated = n
    return found


def tally(unit_id: int, year: int) -> Tally:
    return tallies([unit_id], [year])[(unit_id, year)]


def activities_of(exemplar_id: int) -> list[Activity]:
    return list(
        db.session.execute(
            select(Activity)
            .where(Activity.exemplar_id == exemplar_id)
            .options(selectinload(Activity.unit), selectinload(Activity.stored))
            .order_by(Activity.held_on.desc(), Activity.id.desc())
        ).scalars()
    )


def adoptions_of(exemplar_id: int) -> list[Adoption]:
    return list(
        db.session.execute(
            select(Adoption)
            .where(Adoption.exemplar_id == exemplar_id)
            .options(selectinload(Adoption.unit))
            .order_by(Adoption.adopted_on.desc(), Adoption.id.desc())
        ).scalars()
    )


def adoptions_by_unit(unit_id: int, user) -> list[Adoption]:
    """The practices a unit adopted, with the exemplars they came from (those ``user`` sees)."""
    from intranet.exemplars.access import EXEMPLAR

    return list(
        db.session.execute(
            select(Adoption)
            .join(Exemplar, Exemplar.id == Adoption.exemplar_id)
            .where(Adoption.unit_id == unit_id, EXEMPLAR.condition(user))
            .options(selectinload(Adoption.exemplar).selectinload(Exemplar.unit))
            .order_by(Adoption.adopted_on.desc(), Adoption.id.desc())
        ).scalars()
    )


def year_records(year: int, unit_id: int | None = None) -> tuple[list[Activity], list[Adoption]]:
    """The activities and adoptions of a year (of one unit's exemplars when given), for the
    province's export, with their exemplars and units loaded."""
    activities = (
        select(Activity)
        .join(Exemplar, Exemplar.id == Activity.exemplar_id)
        .where(Activity.year == year)
        .options(selectinload(Activity.exemplar), selectinload(Activity.unit))
        .order_by(Activity.held_on, Activity.id)
    )
    adoptions = (
        select(Adoption)
        .join(Exemplar, Exemplar.id == Adoption.exemplar_id)
        .where(Adoption.year == year)
        .options(selectinload(Adoption.exemplar), selectinload(Adoption.unit))
        .order_by(Adoption.adopted_on, Adoption.id)
    )
    if unit_id is not None:
        activities = activities.where(Exemplar.unit_id == unit_id)
        adoptions = adoptions.where((Exemplar.unit_id == unit_id) | (Adoption.unit_id == unit_id))
    return (
        list(db.session.execute(activities).scalars()),
        list(db.session.execute(adoptions).scalars()),
    )


def stories(user, exemplar_id: int | None = None, status: StoryStatus | None = None):
    """The stories ``user`` may read, newest first, with their first photo's sizes loaded."""
    query = (
        policy.visible(Story, user)
        .options(
            selectinload(Story.exemplar),
            selectinload(Story.unit),
            selectinload(Story.photos).selectinload(Photo.sizes),
            selectinload(Story.photos).selectinload(Photo.stored),
        )
        .order_by(Story.published_at.desc().nulls_first(), Story.id.desc())
    )
    if exemplar_id is not None:
        query = query.where(Story.exemplar_id == exemplar_id)
    if status is not None:
        query = query.where(Story.status == status)
    return list(db.session.execute(query).scalars())


def group_by_exemplar(records) -> dict[int, list]:
    grouped = defaultdict(list)
    for record in records:
        grouped[record.exemplar_id].append(record)
    return grouped
