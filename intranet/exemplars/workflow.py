"""The life of a nomination: which step, from which stage, by whom. One table, one check."""

from dataclasses import dataclass

from intranet.accounts.permissions import heads_unit, publishes
from intranet.exemplars.models import Exemplar, Review, Stage
from intranet.extensions import lazy_gettext as _l


@dataclass(frozen=True)
class Step:
    name: str
    sources: tuple[Stage, ...]
    target: Stage
    label: str
    needs_note: bool = False
    style: str = "primary"


STEPS = {
    s.name: s
    for s in (
        Step("submit", (Stage.DRAFT, Stage.RETURNED), Stage.SUBMITTED, _l("Gửi đề xuất")),
        Step(
            "endorse",
            (Stage.SUBMITTED,),
            Stage.ENDORSED,
            _l("Xác nhận của đơn vị"),
            style="success",
        ),
        Step(
            "return",
            (Stage.SUBMITTED, Stage.ENDORSED),
            Stage.RETURNED,
            _l("Trả lại để bổ sung"),
            needs_note=True,
            style="warning",
        ),
        Step("recognise", (Stage.ENDORSED,), Stage.RECOGNISED, _l("Công nhận"), style="success"),
        # No step leads to "propagated": a recognised exemplar becomes so through its first
        # recorded propagation activity (``services.mark_propagated``, called by that area).
        Step(
            "withdraw",
            (Stage.DRAFT, Stage.SUBMITTED, Stage.RETURNED),
            Stage.WITHDRAWN,
            _l("Rút đề xuất"),
            needs_note=True,
            style="outline-danger",
        ),
    )
}

# Checks other areas add before a step, each raising RuleBroken to refuse it (the emulation
# area's bình xét tally before "endorse"); registered on import, so this area imports none.
BEFORE: dict[str, list] = {}


def before(step_name: str):
    """Register ``check(exemplar)`` to run before the step ``step_name`` is taken."""

    def register(check):
        BEFORE.setdefault(step_name, []).append(check)
        return check

    return register


# Fields other areas add to the nomination form and API (the emulation area's criteria):
# {name: save(exemplar, value, user)}, called inside the nomination's own transaction, so a
# refused value leaves nothing half-stored. The form renders them through template globals.
EXTRA_FIELDS: dict[str, object] = {}


def extra_field(name: str):
    """Register ``save(exemplar, raw_value, user)`` for the form field ``name``."""

    def register(save):
        EXTRA_FIELDS[name] = save
        return save

    return register


# Stages in which the owner may still change the nomination and its evidence.
EDITABLE = (Stage.DRAFT, Stage.RETURNED)
# Stages in which evidence is reviewed.
UNDER_REVIEW = (Stage.SUBMITTED, Stage.ENDORSED)


def may_take(user, exemplar: Exemplar, step: Step) -> bool:
    """Whether the user's role allows the step on this exemplar (its stage is checked apart)."""
    if step.name in ("submit", "withdraw"):
        return exemplar.owner_id == user.id
    if step.name == "endorse":
        return heads_unit(user, exemplar.unit_id)
    if step.name == "return":
        if exemplar.stage == Stage.SUBMITTED:
            return heads_unit(user, exemplar.unit_id)
        if exemplar.stage == Stage.ENDORSED:
            return publishes(user)
        # From any other stage neither may return it: both are told why, not "forbidden".
        return heads_unit(user, exemplar.unit_id) or publishes(user)
    return publishes(user)  # recognise: the emulation secretariat


def may_edit(user, exemplar: Exemplar) -> bool:
    return exemplar.owner_id == user.id and exemplar.stage in EDITABLE


def may_add_evidence(user, exemplar: Exemplar) -> bool:
    """The owner adds evidence until the unit has endorsed (also when the head asks for more)."""
    return exemplar.owner_id == user.id and exemplar.stage in (*EDITABLE, Stage.SUBMITTED)


def may_review_evidence(user, exemplar: Exemplar) -> bool:
    if exemplar.stage not in UNDER_REVIEW:
        return False
    return heads_unit(user, exemplar.unit_id) or publishes(user)


def has_accepted_evidence(exemplar: Exemplar) -> bool:
    return any(e.review == Review.ACCEPTED for e in exemplar.live_evidence)
