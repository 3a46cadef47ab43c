"""Unit annual reports: the unit head submits, with the year's exemplar list frozen; the
secretariat can return a report for correction."""

import json
import unicodedata

from sqlalchemy import select

from intranet import policy, storage
from intranet.accounts.models import Unit, User
from intranet.domain import RuleBroken, check_version, transaction
from intranet.exemplars.models import Exemplar, Stage
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.notifications import steps as notices
from intranet.propagation.queries import Tally, tally
from intranet.supervision import access, rules
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


def listed(exemplar: Exemplar) -> dict:
    """An exemplar as a report's list holds it."""
    return {
        "id": exemplar.id,
        "name": exemplar.name,
        "subject": exemplar.subject.value,
        "field": exemplar.field.name if exemplar.field else "",
        "achievement": exemplar.achievement,
        "stage": exemplar.stage.value,
    }


def live_lists(unit_ids: list[int], year: int) -> dict[int, list[dict]]:
    """The units' exemplar lists for the year as they stand now, in Vietnamese order (one
    query for all the units)."""
    if not unit_ids:
        return {}
    found: dict[int, list[Exemplar]] = {unit_id: [] for unit_id in unit_ids}
    rows = db.session.execute(
        select(Exemplar).where(
            Exemplar.unit_id.in_(unit_ids),
            Exemplar.year == year,
            Exemplar.stage.in_(REPORTED_STAGES),
        )
    ).scalars()
    for exemplar in rows:
        found[exemplar.unit_id].append(exemplar)
    return {
        unit_id: [listed(e) for e in sorted(items, key=lambda e: vietnamese_key(e.name))]
        for unit_id, items in found.items()
    }


def live_list(unit_id: int, year: int) -> list[dict]:
    """The unit's exemplar list for the year as it stands now, in Vietnamese order."""
    return live_lists([unit_id], year)[unit_id]


def spread(unit_id: int, year: int) -> Tally:
    """What the unit did in the year to make exemplars known and to copy others' (activities
    by channel, published stories, adoptions), and whether it met the plan's target."""
    return tally(unit_id, year)


def frozen_list(report: UnitReport) -> list[dict]:
    return json.loads(report.exemplar_list or "[]")


def get(unit_id: int, year: int) -> UnitReport | None:
    return db.session.execute(
        select(UnitReport).filter_by(unit_id=unit_id, year=year)
    ).scalar_one_or_none()


def is_open(report: UnitReport | None) -> bool:
    """Not submitted yet, or returned for correction since: it may be (re)submitted."""
    return (
        report is None
        or report.submitted_at is None
        or (report.returned_at is not None and report.returned_at >= report.submitted_at)
    )


def submit(
    unit: Unit, year: int, user: User, summary: str, upload=None, *, version=None
) -> UnitReport:
    """Submit (or resubmit after a return) the unit's report for ``year``.

    A resubmission changes the existing report: ``version`` is the one the head corrected.
    """
    report = get(unit.id, year)
    access.require_submit(user, unit.id, report)
    if year > rules.today().year:
        raise ReportError(_("Chưa thể nộp báo cáo cho năm %(y)d.", y=year))
    if not is_open(report):
        raise ReportError(_("Đơn vị đã nộp báo cáo năm %(y)d.", y=year))
    if report is not None:
        check_version(report, version)
    summary = nfc(summary)
    has_file = upload is not None and upload.filename
    if not summary and not has_file:
        raise ReportError(_("Hãy nhập nội dung báo cáo hoặc đính kèm tệp báo cáo."))
    with transaction():
        report = report or UnitReport(unit=unit, year=year)
        db.session.add(report)
        try:
            if has_file:
                report.stored, report.original_name = storage.save(upload.stream, upload.filename)
        except storage.StorageError as exc:
            raise ReportError(str(exc)) from exc
        report.summary = summary
        report.exemplar_list = json.dumps(live_list(unit.id, year), ensure_ascii=False)
        report.submitted_at, report.submitted_by = rules.now(), user
        notices.report_submitted(report, user)
    return report


def return_for_correction(report: UnitReport, user: User, note: str, version) -> None:
    """The secretariat returns a submitted report; ``version`` is the one it read."""
    policy.require(user, "return", report)
    note = nfc(note)
    if not report.submitted_at:
        raise ReportError(_("Báo cáo chưa được nộp."))
    if not note:
        raise ReportError(_("Hãy ghi nội dung cần sửa."))
    check_version(report, version)
    with transaction():
        report.returned_at, report.returned_by, report.return_note = rules.now(), user, note
        notices.report_returned(report, user)


def get_visible_or_404(report_id: int, user) -> UnitReport:
    """The report, or ``NotFound``: the same answer for a missing one and one not to be seen."""
    return policy.get_or_404(UnitReport, report_id, user)
