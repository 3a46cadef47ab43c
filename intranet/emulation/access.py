"""Who may see and act on the records of the emulation year: one rule per kind of record.

- A movement is read by every member of staff; the secretariat launches it.
- A unit's criteria are read by the unit's staff; its head writes them.
- A registration is seen by its person (or who made it), the unit's head, and, for a
  collective's, by the unit's staff; the unit head confirms it.
- An evaluation round (with its minutes) is seen by the unit's head; each result also by its
  person: a person sees their own results, the head the unit's.
- The criteria a nomination answers and the reviewer's verdicts on them, like a bình xét
  tally, are seen by whoever sees the nomination's private part (its evidence).
Those who read everything (secretariat, inspectors, leaders) see every record of every kind.
"""

from intranet import policy
from intranet.accounts.models import Role
from intranet.accounts.permissions import heads_unit, publishes, reads_everything
from intranet.emulation.models import (
    Criteria,
    CriterionCheck,
    Evaluation,
    EvaluationRound,
    Movement,
    NominationCriteria,
    Rating,
    Registration,
    RegistrationStatus,
    UnitReview,
)
from intranet.exemplars import workflow
from intranet.exemplars.access import EXEMPLAR, PRIVATE
from intranet.exemplars.models import Exemplar, Stage, Subject
from intranet.policy import Everyone, HeadOf, Is, MemberOf, Person

MOVEMENT = policy.rule("movement", Movement, Everyone())
CRITERIA = policy.rule("criteria", Criteria, MemberOf("unit_id"))
REGISTRATION = policy.rule(
    "registration",
    Registration,
    Person("person_id"),
    Person("created_by_id"),
    HeadOf("unit_id"),
    MemberOf("unit_id", Is("subject", (Subject.COLLECTIVE,))),
)
EVALUATION_ROUND = policy.rule("evaluation_round", EvaluationRound, HeadOf("unit_id"))
EVALUATION = policy.rule("evaluation", Evaluation, Person("person_id"), HeadOf("unit_id"))
UNIT_REVIEW = policy.rule("unit_review", UnitReview, parent=("exemplar", PRIVATE))
RATING = policy.rule("rating", Rating, Everyone())
# The criteria a nomination answers, and the reviewer's verdicts: as its evidence.
NOMINATION_CRITERIA = policy.rule(
    "nomination_criteria", NominationCriteria, parent=("exemplar", PRIVATE)
)
CRITERION_CHECK = policy.rule("criterion_check", CriterionCheck, parent=("exemplar", PRIVATE))


def is_head(user) -> bool:
    return user.is_authenticated and user.has_role(Role.UNIT_HEAD)


@MOVEMENT.action("create")
def may_launch(user, _movement=None) -> bool:
    return publishes(user)


@MOVEMENT.action("write_criteria")
def may_write_criteria(user, movement: Movement) -> bool:
    """The head of a unit taking part writes the unit's criteria."""
    return is_head(user) and any(u.id == user.unit_id for u in movement.units)


@CRITERIA.action("create")
def may_create_criteria(user, _criteria=None) -> bool:
    return is_head(user)


@REGISTRATION.action("create")
def may_register(user, _registration=None) -> bool:
    return user.unit_id is not None


@REGISTRATION.action("register_unit")
def may_register_unit(user, _registration=None) -> bool:
    """A collective (the unit) is registered by its head."""
    return is_head(user)


@REGISTRATION.action("confirm")
def may_confirm(user, registration: Registration) -> bool:
    return (
        heads_unit(user, registration.unit_id)
        and registration.status == RegistrationStatus.REGISTERED
    )


@REGISTRATION.action("export_school")
def may_export_school(user, _registration=None) -> bool:
    return reads_everything(user)


@REGISTRATION.action("paper")
def may_print_registrations(user, _registration=None) -> bool:
    """The paper list: the school's for the secretariat, the unit's for its head."""
    return reads_everything(user) or is_head(user)


@EVALUATION_ROUND.action("create")
def may_evaluate(user, _round=None) -> bool:
    return is_head(user)


@EVALUATION_ROUND.action("export_school")
def may_export_evaluations(user, _round=None) -> bool:
    return reads_everything(user)


@RATING.action("edit")
@RATING.action("create")
def may_keep_scale(user, _rating=None) -> bool:
    return publishes(user)


# The unit's meeting tally on a nomination: recorded by the unit's head while it awaits endorsement.
@EXEMPLAR.action("tally")
def may_tally(user, exemplar: Exemplar) -> bool:
    return heads_unit(user, exemplar.unit_id) and exemplar.stage == Stage.SUBMITTED


# The criteria a nomination answers: chosen by its owner while it may be changed.
@EXEMPLAR.action("choose_criteria")
def may_choose_criteria(user, exemplar: Exemplar) -> bool:
    return workflow.may_edit(user, exemplar)


# Each criterion checked off (met / not met): by the unit's head while the nomination awaits
# the unit's endorsement.
@EXEMPLAR.action("check_criteria")
def may_check_criteria(user, exemplar: Exemplar) -> bool:
    return heads_unit(user, exemplar.unit_id) and exemplar.stage == Stage.SUBMITTED
