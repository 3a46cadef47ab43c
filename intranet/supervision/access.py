"""Who may see and act on unit reports and inspections: the one statement of each rule.

A unit's annual report carries the unit's list of nominations: it is read by the head of the unit
and by those who read everything, not by the unit's other staff (who may not open those
nominations either). The same holds for the unit's list exports. Inspections likewise: the
inspected unit's head, and those who read everything; inspectors record them.
"""

from intranet import policy
from intranet.accounts.models import Role
from intranet.accounts.permissions import heads_unit, publishes, reads_everything
from intranet.domain import Denied, NotFound
from intranet.policy import HeadOf
from intranet.supervision.models import FollowUp, Inspection, UnitReport

REPORT = policy.rule("unit_report", UnitReport, HeadOf("unit_id"))
INSPECTION = policy.rule("inspection", Inspection, HeadOf("unit_id"))
FOLLOW_UP = policy.rule("follow_up", FollowUp, parent=("inspection", INSPECTION))


@REPORT.action("return")
def may_return(user, report: UnitReport | None) -> bool:
    """The secretariat returns a report for correction (once submitted: the service says so)."""
    return publishes(user)


def may_submit_report(user, unit_id: int) -> bool:
    """The head of the unit submits its report (the report may not exist yet)."""
    return heads_unit(user, unit_id)


def require_submit(user, unit_id: int, report: UnitReport | None) -> None:
    """``Denied`` (403, in the trail) unless ``user`` heads the unit whose report this is."""
    if not may_submit_report(user, unit_id):
        raise Denied(kind=REPORT.name, record_id=report.id if report else None, action="submit")


def may_see_unit(user, unit_id: int) -> bool:
    """A unit's reports, lists and exports: its head and those who read everything."""
    return reads_everything(user) or heads_unit(user, unit_id)


def require_unit(user, unit_id: int) -> None:
    """``NotFound`` (404, as for a missing unit) unless the user may see the unit's reports."""
    if not may_see_unit(user, unit_id):
        raise NotFound(kind="unit", record_id=unit_id)


def may_export_school(user) -> bool:
    """The school's consolidated list: those who read everything."""
    return reads_everything(user)


@INSPECTION.action("create")
def may_record(user, _inspection=None) -> bool:
    return user.is_authenticated and user.has_role(Role.INSPECTOR)


@INSPECTION.action("follow_up")
def may_follow_up(user, inspection: Inspection | None) -> bool:
    return may_record(user)


@INSPECTION.action("close_follow_up")
def may_close(user, inspection: Inspection | None) -> bool:
    """Inspectors, or the head of the inspected unit, close follow-ups."""
    return may_record(user) or (inspection is not None and heads_unit(user, inspection.unit_id))


def may_read_inspections(user) -> bool:
    """Whether the inspections list is for this user at all (else 403, as for any page)."""
    return reads_everything(user) or (user.is_authenticated and user.has_role(Role.UNIT_HEAD))


def require_inspections(user) -> None:
    """``Denied`` (403) for those who read no inspection at all."""
    if not may_read_inspections(user):
        raise Denied(kind=INSPECTION.name, action="list")
