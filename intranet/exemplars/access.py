"""Who may see and act on a nomination, its evidence and award lines: the one statement.

A nomination is seen by its owner, the person nominated and, once submitted, the head of its
unit; once propagated (on the honour board) by every member of staff. Evidence is personal data:
only the nomination's private readers see it (owner, person, unit head, and those who read
everything), never the public of the honour board.
"""

from sqlalchemy import select

from intranet import policy
from intranet.accounts.permissions import heads_unit, publishes, reads_everything
from intranet.documents.access import DOCUMENT
from intranet.documents.models import Document
from intranet.documents.models import Status as DocumentStatus
from intranet.exemplars import workflow
from intranet.exemplars.catalogues import CatalogueEntry
from intranet.exemplars.models import AwardLine, Evidence, Exemplar, Stage
from intranet.policy import Everyone, HeadOf, Is, Not, Person

# Stages in which every member of staff may read a nomination (never its evidence).
PUBLIC_STAGES = (Stage.PROPAGATED,)

_PRIVATE = (Person("owner_id"), Person("person_id"), HeadOf("unit_id", Not("stage", Stage.DRAFT)))
# The nomination's private readers: those who may see its evidence.
PRIVATE = policy.Rule("exemplar", Exemplar, *_PRIVATE)
EXEMPLAR = policy.rule("exemplar", Exemplar, *_PRIVATE, Everyone(Is("stage", PUBLIC_STAGES)))
EVIDENCE = policy.rule(
    "evidence", Evidence, live=(Is("deleted_at", (None,)),), parent=("exemplar", PRIVATE)
)
AWARD_LINE = policy.rule("award_line", AwardLine, parent=("document", DOCUMENT))
# The catalogues of the law are read by everyone (forms, filters) and kept by the secretariat.
CATALOGUE = policy.rule("catalogue_entry", CatalogueEntry, Everyone())


@EXEMPLAR.action("create")
def may_create(user, _exemplar=None) -> bool:
    return user.unit_id is not None


@EXEMPLAR.action("edit")
def may_edit(user, exemplar: Exemplar) -> bool:
    return workflow.may_edit(user, exemplar)


@EXEMPLAR.action("add_evidence")
def may_add_evidence(user, exemplar: Exemplar) -> bool:
    return workflow.may_add_evidence(user, exemplar)


@EXEMPLAR.action("review")
def may_review(user, exemplar: Exemplar) -> bool:
    return workflow.may_review_evidence(user, exemplar)


@EXEMPLAR.action("see_evidence")
def may_see_evidence(user, exemplar: Exemplar) -> bool:
    return PRIVATE.holds(user, exemplar)


@EXEMPLAR.action("see_reuse")
def may_see_reuse(user, exemplar: Exemplar) -> bool:
    """The "one achievement, one award" warning: for those who see the evidence; it names only
    the other nominations the same reader may open (``reuse_of``)."""
    return PRIVATE.holds(user, exemplar)


def _step_action(step: workflow.Step):
    def may_take(user, exemplar: Exemplar) -> bool:
        return workflow.may_take(user, exemplar, step)

    return may_take


# Each step of the life is an action of its own ("submit", "endorse", …): whether the reader's
# role allows it; whether the stage allows it is a rule of the service, told with a reason.
for _step in workflow.STEPS.values():
    EXEMPLAR.action(_step.name)(_step_action(_step))


def available_steps(user, exemplar: Exemplar) -> list[workflow.Step]:
    """The steps the user can take now (the buttons of the page, ``steps`` in the API)."""
    return [
        s
        for s in workflow.STEPS.values()
        if exemplar.stage in s.sources and policy.may(user, s.name, exemplar)
    ]


@AWARD_LINE.action("edit")
def may_edit_award(user, line: AwardLine) -> bool:
    """Award lines change with their decision, while it is a draft (the secretariat)."""
    return policy.may(user, "award", line.document)


# The award lines of a decision are this area's, so their action on the decision is stated here.
@DOCUMENT.action("award")
def may_award(user, document: Document) -> bool:
    """Add or remove award lines of a decision (QĐ) while it is a draft (the secretariat);
    once issued the list is part of the record (documents.access.require answers 409)."""
    return publishes(user) and document.status == DocumentStatus.DRAFT


@CATALOGUE.action("create")
@CATALOGUE.action("edit")
def may_keep_catalogue(user, _entry=None) -> bool:
    return publishes(user)


# The queues of nominations (``queries.queue``) and who may ask for each.
QUEUES = {
    "mine": lambda user: user.is_authenticated,
    "unit": lambda user: user.is_authenticated and heads_unit(user, user.unit_id),
    "school": lambda user: reads_everything(user),
    "all": lambda user: user.is_authenticated,
}


def may_see_queue(user, name: str) -> bool:
    allowed = QUEUES.get(name)
    return bool(allowed and allowed(user))


def queues_for(user) -> list[str]:
    """The queues ``user`` may ask for, in the order the page offers them."""
    return [name for name in QUEUES if may_see_queue(user, name)]


def visible_condition(user):
    """A SQL condition on Exemplar: the nominations ``user`` may open."""
    return EXEMPLAR.condition(user)


def get_visible_or_404(exemplar_id: int, user) -> Exemplar:
    """The exemplar, or NotFound: the same answer for a missing one and one not to be seen."""
    return policy.get_or_404(Exemplar, exemplar_id, user)


def visible_evidence(user):
    return policy.visible(Evidence, user)


def get_evidence_or_404(evidence_id: int, user) -> Evidence:
    return policy.get_or_404(Evidence, evidence_id, user)


def visible_ids(model, ids, user) -> set[int]:
    """Which of ``ids`` the user may see, in one query (for lists built elsewhere)."""
    from intranet.extensions import db

    rule = policy.RULES[model]
    return set(
        db.session.execute(
            select(model.id).where(model.id.in_(list(ids)), rule.condition(user))
        ).scalars()
    )
