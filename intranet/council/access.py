"""Who may see and act on the council's records: one rule per kind of record.

- The council's members of each year are read by every member of staff.
- A meeting (its agenda, tallies and minutes) is seen by the council of its year, and by those
  who read everything (secretariat, inspectors, leaders).
- An agenda line is seen by the same; once the notice is published, each line the council
  passed is public: every member of staff reads it and may comment on it while the notice lasts.
- A comment on the notice is seen by its author, the secretariat and the council of the year,
  never by other staff (nor by the other readers of everything).
The secretariat (those who publish) keeps the members, builds and records the meeting,
publishes the notice, records how each comment was handled and drafts the decision.
"""

from sqlalchemy import and_, exists, false, select

from intranet import policy
from intranet.accounts.models import Role
from intranet.accounts.permissions import publishes
from intranet.council.models import AgendaItem, CouncilMember, Meeting, NoticeComment
from intranet.extensions import db
from intranet.policy import Everyone, Grant, Is, Person


def sits_on_council(user, year: int) -> bool:
    """The user is a member of the council of ``year``."""
    if not user.is_authenticated:
        return False
    return (
        db.session.execute(
            select(CouncilMember.id).where(
                CouncilMember.year == year, CouncilMember.user_id == user.id
            )
        ).first()
        is not None
    )


class CouncilOf(Grant):
    """The members of the council of the year in the record's column ``attr``."""

    def __init__(self, attr: str, *when: Is):
        super().__init__(*when)
        self.attr = attr

    def condition(self, model, user):
        column = getattr(model, self.attr)
        return and_(
            exists().where(CouncilMember.year == column, CouncilMember.user_id == user.id),
            self._when_sql(model),
        )

    def holds(self, user, record) -> bool:
        return sits_on_council(user, getattr(record, self.attr)) and self._when(record)

    def tokens(self, record) -> list[str]:
        return []  # not in the search index


class Holds(Grant):
    """Every holder of ``role``."""

    def __init__(self, role: Role, *when: Is):
        super().__init__(*when)
        self.role = role

    def condition(self, model, user):
        return self._when_sql(model) if user.has_role(self.role) else false()

    def holds(self, user, record) -> bool:
        return user.has_role(self.role) and self._when(record)

    def tokens(self, record) -> list[str]:
        return [f"role:{self.role.value}"] if self._when(record) else []


COUNCIL_MEMBER = policy.rule("council_member", CouncilMember, Everyone())
MEETING = policy.rule("meeting", Meeting, CouncilOf("year"))
AGENDA_ITEM = policy.rule(
    "agenda_item", AgendaItem, Everyone(Is("public", (True,))), CouncilOf("year")
)
# Never the other staff, nor the other readers of everything: the author, the secretariat, the
# council of the year.
NOTICE_COMMENT = policy.rule(
    "notice_comment",
    NoticeComment,
    Person("author_id"),
    Holds(Role.SECRETARIAT),
    CouncilOf("year"),
    readers=False,
)


@COUNCIL_MEMBER.action("create")
@COUNCIL_MEMBER.action("edit")
def may_keep_members(user, _member=None) -> bool:
    return publishes(user)


@MEETING.action("create")
def may_convene(user, _meeting=None) -> bool:
    return publishes(user)


@MEETING.action("edit")
def may_record(user, meeting: Meeting) -> bool:
    """The agenda, the members present and the tallies: until the notice is published."""
    return publishes(user) and meeting.notice_from is None


@MEETING.action("scan")
def may_attach_scan(user, _meeting: Meeting) -> bool:
    return publishes(user)


@MEETING.action("publish")
def may_publish(user, meeting: Meeting) -> bool:
    return publishes(user) and meeting.notice_from is None


@MEETING.action("draft_decision")
def may_draft_decision(user, meeting: Meeting) -> bool:
    """Only once the notice window has closed, once."""
    return publishes(user) and meeting.notice_closed and meeting.decision_id is None


@AGENDA_ITEM.action("comment")
def may_comment(user, item: AgendaItem) -> bool:
    return item.public and item.meeting.notice_open


@NOTICE_COMMENT.action("handle")
def may_handle(user, _comment: NoticeComment) -> bool:
    return publishes(user)
