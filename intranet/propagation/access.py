"""Who may see and record the propagation of an exemplar: the one statement.

- Activities and adoptions are public once recorded (the exemplar is propagated by then, on the
  honour board): every member of staff reads them.
- An activity is recorded by the secretariat or by the head of the exemplar's unit; an adoption
  by the head of another unit (the one that adopted the practice) or by the secretariat.
- A story is read by every member of staff once published; before, by its author, the head of
  the writer's unit and those who read everything. Its author edits it while it is a draft; the
  secretariat publishes it.
"""

from intranet import policy
from intranet.accounts.permissions import heads_unit, publishes
from intranet.exemplars.models import Exemplar, Stage
from intranet.policy import Everyone, HeadOf, Is, Person
from intranet.propagation.models import Activity, Adoption, Story, StoryStatus

# The stages from which an exemplar may be propagated (its first activity moves it on).
PROPAGATABLE = (Stage.RECOGNISED, Stage.PROPAGATED)

ACTIVITY = policy.rule("propagation_activity", Activity, Everyone())
ADOPTION = policy.rule("propagation_adoption", Adoption, Everyone())
STORY = policy.rule(
    "propagation_story",
    Story,
    Person("author_id"),
    HeadOf("unit_id"),
    Everyone(Is("status", (StoryStatus.PUBLISHED,))),
)


def may_propagate(user, exemplar: Exemplar) -> bool:
    """Record an activity or write a story: the secretariat, or the head of its unit."""
    return publishes(user) or heads_unit(user, exemplar.unit_id)


def may_adopt(user, exemplar: Exemplar) -> bool:
    """Record that a unit adopted the practice: the secretariat, or another unit's head."""
    if publishes(user):
        return True
    return user.unit_id != exemplar.unit_id and heads_unit(user, user.unit_id)


@ACTIVITY.action("edit")
def may_edit_activity(user, activity: Activity) -> bool:
    return publishes(user) or heads_unit(user, activity.unit_id)


@ADOPTION.action("edit")
def may_edit_adoption(user, adoption: Adoption) -> bool:
    return publishes(user) or heads_unit(user, adoption.unit_id)


@STORY.action("edit")
def may_edit_story(user, story: Story) -> bool:
    if story.status == StoryStatus.PUBLISHED:
        return False
    return story.author_id == user.id or publishes(user)


@STORY.action("submit")
def may_submit_story(user, story: Story) -> bool:
    return story.status == StoryStatus.DRAFT and (story.author_id == user.id or publishes(user))


@STORY.action("publish")
def may_publish_story(user, story: Story) -> bool:
    """Reviewed and published by the secretariat (thường trực thi đua)."""
    return publishes(user) and story.status != StoryStatus.PUBLISHED


def may_print_certificate(user, exemplar: Exemplar) -> bool:
    """The certificate of an exemplar on the honour board, for whoever sees it there."""
    return exemplar.stage == Stage.PROPAGATED


def _register_exemplar_actions() -> None:
    from intranet.exemplars.access import EXEMPLAR

    EXEMPLAR.action("propagate")(may_propagate)
    EXEMPLAR.action("adopt")(may_adopt)
    EXEMPLAR.action("certificate")(may_print_certificate)


_register_exemplar_actions()
