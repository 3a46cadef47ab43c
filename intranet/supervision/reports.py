"""Unit annual reports: the unit head submits, with the year's exemplar list frozen; the
secretariat can return a report for correction."""

import json
import unicodedata

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import false, select, true

from intranet import storage
from intranet.accounts.models import Role, Unit, User
from intranet.accounts.permissions import heads_unit, publishes, reads_everything
from intranet.domain import RuleBroken
from intranet.exemplars.models import Exemplar, Stage
from intranet.extensions import db
from intranet.supervision import rules
from intranet.supervision.models import UnitReport
from intranet.text import nfc

# The nominations a unit reports for a year: those its head has endorsed and beyond.
REPORTED_STAGES = (Stage.ENDORSED, Stage.RECOGNISED, Stage.PROPAGATED)


class ReportError(RuleBroken):
    """A rule was broken; the message says which, in the user's language."""


# The Vietnamese alphabet (with f, j, w, z for foreign names) and the order of the tones:
# ngang, huyền, hỏi, ngã, sắc, nặng. The databases sort by code point, which puts "Đặng" after
# "Nguyễn" and "Ánh" after "Yến".
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vietnamese_key(text: str) -> tuple:
    """A sort key in Vietnamese dictionary order: syllable by syllable, letters then tone."""
    syllables = []
    for word in nfc(text).lower().split():
        letters, tone = [], 0
        for char in word:
            parts = unicodedata.normalize("NFD", char)
            tone = next((_TONES[p] for p in parts if p in _TONES), tone)
            letter = unicodedata.normalize("NFC", "".join(p for p in parts if p not in _TONES))
            position = _ALPHABET.find(letter) if len(letter) == 1 else -1
            letters.append(1000 + position if position >= 0 else ord(letter[0]))
        syllables.append((tuple(letters), tone))
    return tuple(syllables), text


def live_list(unit_id: int, year: int) -> list[dict]:
    """The unit's exemplar list for the year as it stands now, in Vietnamese order."""
    rows = db.session.execute(
        select(Exemplar).where(
            Exemplar.unit_id == unit_id, Exemplar.year == year, Exemplar.stage.in_(REPORTED_STAGES)
        )
    ).scalars()
    rows = sorted(rows, key=lambda e: vietnamese_key(e.name))
    return [
        {
            "id": e.id,
            "name": e.name,
            "subject": e.subject.value,
            "field": e.field.name if e.field else "",
            "achievement": e.achievement,
            "stage": e.stage.value,
        }
        for e in rows
    ]


def frozen_list(report: UnitReport) -> list[dict]:
    return json.loads(report.exemplar_list or "[]")


def get(unit_id: int, year: int) -> UnitReport | None:
    return db.session.execute(
        select(UnitReport).filter_by(unit_id=unit_id, year=year)
    ).scalar_one_or_none()


def submit(unit: Unit, year: int, user: User, summary: str, upload=None) -> UnitReport:
    """Submit (or resubmit after a return) the unit's report for ``year``."""
    if not heads_unit(user, unit.id):
        abort(403)
    if year > rules.today().year:
        raise ReportError(_("Chưa thể nộp báo cáo cho năm %(y)d.", y=year))
    report = get(unit.id, year)
    if (
        report is not None
        and report.submitted_at
        and not (report.returned_at and report.returned_at >= report.submitted_at)
    ):
        raise ReportError(_("Đơn vị đã nộp báo cáo năm %(y)d.", y=year))
    summary = nfc(summary)
    has_file = upload is not None and upload.filename
    if not summary and not has_file:
        raise ReportError(_("Hãy nhập nội dung báo cáo hoặc đính kèm tệp báo cáo."))
    report = report or UnitReport(unit=unit, year=year)
    db.session.add(report)
    try:
        if has_file:
            report.stored, report.original_name = storage.save(upload.stream, upload.filename)
        report.summary = summary
        report.exemplar_list = json.dumps(live_list(unit.id, year), ensure_ascii=False)
        report.submitted_at, report.submitted_by = rules.now(), user
        db.session.commit()
    except storage.StorageError as exc:
        db.session.rollback()
        raise ReportError(str(exc)) from exc
    return report


def return_for_correction(report: UnitReport, user: User, note: str) -> None:
    if not publishes(user):
        abort(403)
    note = nfc(note)
    if not report.submitted_at:
        raise ReportError(_("Báo cáo chưa được nộp."))
    if not note:
        raise ReportError(_("Hãy ghi nội dung cần sửa."))
    report.returned_at, report.returned_by, report.return_note = rules.now(), user, note
    db.session.commit()


def visible_condition(user):
    """Reports are read by those who read everything and by the head of the unit (pages, API)."""
    if not user.is_authenticated:
        return false()
    if reads_everything(user):
        return true()
    if user.has_role(Role.UNIT_HEAD):
        return UnitReport.unit_id == user.unit_id
    return false()


def get_visible_or_404(report_id: int, user) -> UnitReport:
    """The report, or 404: the same answer for a missing one and one the user may not see."""
    return db.one_or_404(
        select(UnitReport).where(UnitReport.id == report_id, visible_condition(user))
    )
