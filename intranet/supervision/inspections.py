"""Inspections of units by the council: members, scope, the records examined, findings,
conclusion, minutes, and follow-up actions that are closed when done."""

from datetime import date

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import false, select, true

from intranet import clock, storage
from intranet.accounts.models import Role, Unit, User
from intranet.accounts.permissions import heads_unit, reads_everything
from intranet.documents.services import find_by_symbol
from intranet.domain import RuleBroken
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from intranet.supervision.models import FollowUp, Inspection, InspectionLink
from intranet.text import nfc


class InspectionError(RuleBroken):
    """A rule was broken; the message says which, in the user's language."""


def may_record(user) -> bool:
    return user.is_authenticated and user.has_role(Role.INSPECTOR)


def may_read(user) -> bool:
    """Inspections are for those who read everything and for unit heads (their own unit's)."""
    return reads_everything(user) or (user.is_authenticated and user.has_role(Role.UNIT_HEAD))


def may_close(user, inspection: Inspection) -> bool:
    """Inspectors, or the head of the inspected unit, close follow-ups."""
    return may_record(user) or heads_unit(user, inspection.unit_id)


def visible_condition(user):
    """Inspections are read by those who read everything and by the inspected unit's head."""
    if not user.is_authenticated:
        return false()
    if reads_everything(user):
        return true()
    if user.has_role(Role.UNIT_HEAD):
        return Inspection.unit_id == user.unit_id
    return false()


def get_visible_or_404(inspection_id: int, user) -> Inspection:
    """403 for those who read no inspection at all; 404 for another unit's (a unit head)."""
    if not may_read(user):
        abort(403)
    return db.one_or_404(
        select(Inspection).where(Inspection.id == inspection_id, visible_condition(user))
    )


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
    if not may_record(user):
        abort(403)
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
    db.session.add(inspection)
    try:
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
        if minutes is not None and minutes.filename:
            inspection.minutes, inspection.minutes_name = storage.save(
                minutes.stream, minutes.filename
            )
        db.session.commit()
    except (storage.StorageError, ValueError) as exc:
        db.session.rollback()
        raise InspectionError(str(exc)) from exc
    return inspection


def add_follow_up(inspection: Inspection, user: User, action: str, deadline: date | None) -> None:
    if not may_record(user):
        abort(403)
    action = nfc(action)
    if not action:
        raise InspectionError(_("Hãy ghi việc cần khắc phục."))
    inspection.follow_ups.append(FollowUp(action=action, deadline=deadline))
    db.session.commit()


def close_follow_up(follow_up: FollowUp, user: User, note: str) -> None:
    """Inspectors, or the head of the inspected unit, close a follow-up with a note."""
    if not may_close(user, db.session.get(Inspection, follow_up.inspection_id)):
        abort(403)
    if follow_up.closed_at is not None:
        raise InspectionError(_("Việc này đã được đóng."))
    note = nfc(note)
    if not note:
        raise InspectionError(_("Hãy ghi kết quả khắc phục."))
    follow_up.closed_at, follow_up.closed_by, follow_up.closing_note = clock.now(), user, note
    db.session.commit()


def link_target(link: InspectionLink) -> tuple[str, dict]:
    """The endpoint and arguments of a linked record's page."""
    if link.record_type == "document":
        return "documents.detail", {"document_id": link.record_id}
    return "exemplars.detail", {"exemplar_id": link.record_id}
