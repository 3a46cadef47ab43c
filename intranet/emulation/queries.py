"""Read queries of the emulation year, each limited by the record's rule (``policy.visible``)."""

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from intranet import policy
from intranet.accounts.models import User
from intranet.emulation.models import (
    Criteria,
    Evaluation,
    EvaluationRound,
    Movement,
    Registration,
    RegistrationStatus,
)
from intranet.exemplars.models import Subject
from intranet.extensions import db


def movements(user) -> list[Movement]:
    query = policy.visible(Movement, user).options(selectinload(Movement.units))
    return list(db.session.execute(query.order_by(Movement.starts_on.desc())).scalars())


def current_criteria(user, movement: Movement) -> list[Criteria]:
    """The latest version of each unit's criteria for the movement, among those ``user`` sees."""
    latest = (
        select(Criteria.unit_id, func.max(Criteria.version).label("version"))
        .where(Criteria.movement_id == movement.id)
        .group_by(Criteria.unit_id)
        .subquery()
    )
    query = (
        policy.visible(Criteria, user)
        .join(
            latest,
            (Criteria.unit_id == latest.c.unit_id) & (Criteria.version == latest.c.version),
        )
        .where(Criteria.movement_id == movement.id)
        .options(selectinload(Criteria.unit), selectinload(Criteria.author))
    )
    return list(db.session.execute(query).scalars())


def criteria_versions(user, criteria: Criteria) -> list[Criteria]:
    """Every version of the unit's criteria for that movement, newest first."""
    query = policy.visible(Criteria, user).where(
        Criteria.movement_id == criteria.movement_id, Criteria.unit_id == criteria.unit_id
    )
    return list(db.session.execute(query.order_by(Criteria.version.desc())).scalars())


def unit_criteria(user, unit_id: int) -> list[Criteria]:
    """The unit's criteria (every movement, every version), newest first: the evaluation form."""
    query = policy.visible(Criteria, user).where(Criteria.unit_id == unit_id)
    query = query.options(selectinload(Criteria.movement))
    return list(db.session.execute(query.order_by(Criteria.id.desc())).scalars())


def registrations(user, year: int, unit_id: int | None = None) -> list[Registration]:
    """The registrations of ``year`` the reader may see, by unit, collectives first."""
    query = policy.visible(Registration, user).where(Registration.year == year)
    if unit_id is not None:
        query = query.where(Registration.unit_id == unit_id)
    query = query.options(
        selectinload(Registration.unit),
        selectinload(Registration.person),
        selectinload(Registration.title),
        selectinload(Registration.confirmed_by),
    )
    order = (Registration.unit_id, Registration.subject.desc(), Registration.name)
    return list(db.session.execute(query.order_by(*order)).scalars())


def pending(user, year: int) -> list[Registration]:
    """The unit's registrations of ``year`` that wait for its head's confirmation."""
    query = policy.visible(Registration, user).where(
        Registration.year == year,
        Registration.unit_id == user.unit_id,
        Registration.status == RegistrationStatus.REGISTERED,
    )
    return list(db.session.execute(query).scalars())


def registration_of(user, person_id: int | None, year: int) -> Registration | None:
    """The person's registration of that year, if the reader may see it (the nomination page)."""
    if person_id is None:
        return None
    query = policy.visible(Registration, user).where(
        Registration.person_id == person_id,
        Registration.year == year,
        Registration.subject == Subject.INDIVIDUAL,
    )
    return db.session.execute(query.options(selectinload(Registration.title))).scalar()


def evaluations(user, year: int, unit_id: int | None = None) -> list[Evaluation]:
    """The results of ``year`` (every quarter and the year) the reader may see."""
    query = policy.visible(Evaluation, user).where(Evaluation.year == year)
    if unit_id is not None:
        query = query.where(Evaluation.unit_id == unit_id)
    query = query.join(User, Evaluation.person_id == User.id).options(
        selectinload(Evaluation.person),
        selectinload(Evaluation.rating),
        selectinload(Evaluation.unit),
    )
    order = (Evaluation.unit_id, User.full_name, Evaluation.person_id, Evaluation.quarter)
    return list(db.session.execute(query.order_by(*order)).scalars())


def rounds(user, year: int) -> list[EvaluationRound]:
    query = policy.visible(EvaluationRound, user).where(EvaluationRound.year == year)
    query = query.options(selectinload(EvaluationRound.unit))
    order = (EvaluationRound.unit_id, EvaluationRound.quarter)
    return list(db.session.execute(query.order_by(*order)).scalars())


def round_of(user, year: int, quarter: int) -> EvaluationRound | None:
    """The reader's unit's round for that period, if any (the form shows what was recorded)."""
    query = policy.visible(EvaluationRound, user).where(
        EvaluationRound.unit_id == user.unit_id,
        EvaluationRound.year == year,
        EvaluationRound.quarter == quarter,
    )
    return db.session.execute(query).scalar_one_or_none()


def unit_members(unit_id: int) -> list[User]:
    query = select(User).where(User.unit_id == unit_id, User.active.is_(True))
    return list(db.session.execute(query.order_by(User.full_name)).scalars())


def may_see_registrations_of(user, person_id: int, unit_id: int) -> bool:
    """Whether ``user`` would see that person's registration if there were one (the rule's
    grants: the person, the head of the unit, those who read everything)."""
    from intranet.accounts.permissions import heads_unit, reads_everything

    return user.id == person_id or heads_unit(user, unit_id) or reads_everything(user)
