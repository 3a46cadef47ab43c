"""Inspections of units by the council: members, scope, the records examined, findings,
conclusion, minutes, and follow-up actions that are closed when done."""

from datetime import date

from intranet import clock, policy, storage
from intranet.accounts.models import Unit, User
from intranet.documents.services import find_by_symbol
from intranet.domain import RuleBroken, transaction
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.supervision import access
from intranet.supervision.models import FollowUp, Inspection, InspectionLink
from intranet.text import nfc


class InspectionError(RuleBroken):
    """A rule was broken; the message says which, in the user's language."""


# The rules live in access.py; these names stay for the pages and the API that ask them.
may_record = access.may_record
may_read = access.may_read_inspections
may_close = access.may_close


def get_visible_or_404(inspection_id: int, user) -> Inspection:
    """The inspection, or 404 for one the user may not see: the same answer as a missing one
    (the list page, not an inspection, is 403 for those who read none)."""
    return policy.get_or_404(Inspection, inspection_id, user)


def record(
    user: User,
    unit: Unit,
    inspected_on: date,
    members: str,
    scope: str,
    findings: str,
    conclusion: str,
    document_symbols: list[str],
    exemplar_ids: list[int],
    minutes=None,
) -> Inspection:
    """Record an inspection with the records examined; everything or nothing is stored."""
    policy.require(user, "create", Inspection)
    members, scope = nfc(members), nfc(scope)
    if not members or not scope:
        raise InspectionError(_("Hãy ghi thành phần đoàn kiểm tra và nội dung kiểm tra."))
    inspection = Inspection(
        unit=unit,
        inspected_on=inspected_on,
        members=members,
        scope=scope,
        findings=nfc(findings),
        conclusion=nfc(conclusion),
        created_by=user,
    )
    try:
        with transaction():
            db.session.add(inspection)
            _link_records(inspection, unit, document_symbols, exemplar_ids)
            if minutes is not None and minutes.filename:
                inspection.minutes, inspection.minutes_name = storage.save(
                    minutes.stream, minutes.filename
                )
    except (storage.StorageError, ValueError) as exc:
        if isinstance(exc, InspectionError):
            raise
        raise InspectionError(str(exc)) from exc
    return inspection


def _link_records(inspection, unit, document_symbols, exemplar_ids) -> None:
    """The documents (by số, ký hiệu) and the unit's nominations examined."""
    for symbol in (nfc(s) for s in document_symbols if nfc(s)):
        document = find_by_symbol(symbol)
        inspection.links.append(
            InspectionLink(record_type="document", record_id=document.id, label=document.title)
        )
    for exemplar_id in exemplar_ids:
        exemplar = db.session.get(Exemplar, exemplar_id)
        if exemplar is None or exemplar.unit_id != unit.id:
            raise InspectionError(_("Hồ sơ điển hình không thuộc đơn vị được kiểm tra."))
        inspection.links.append(
            InspectionLink(
                record_type="exemplar",
                record_id=exemplar.id,
                label=f"{exemplar.name} ({exemplar.year})",
            )
        )


def add_follow_up(inspection: Inspection, user: User, action: str, deadline: date | None) -> None:
    policy.require(user, "follow_up", inspection)
    action = nfc(action)
    if not action:
        raise InspectionError(_("Hãy ghi việc cần khắc phục."))
    with transaction():
        inspection.follow_ups.append(FollowUp(action=action, deadline=deadline))


def close_follow_up(follow_up: FollowUp, user: User, note: str) -> None:
    """Inspectors, or the head of the inspected unit, close a follow-up with a note."""
    policy.require(user, "close_follow_up", follow_up.inspection)
    if follow_up.closed_at is not None:
        raise InspectionError(_("Việc này đã được đóng."))
    note = nfc(note)
    if not note:
        raise InspectionError(_("Hãy ghi kết quả khắc phục."))
    with transaction():
        follow_up.closed_at, follow_up.closed_by, follow_up.closing_note = clock.now(), user, note


def link_target(link: InspectionLink) -> tuple[str, dict]:
    """The endpoint and arguments of a linked record's page."""
    if link.record_type == "document":
        return "documents.detail", {"document_id": link.record_id}
    return "exemplars.detail", {"exemplar_id": link.record_id}
