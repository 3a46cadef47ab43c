"""Reading the trail: the inspectors' search and one record's history."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import get_timezone
from sqlalchemy import and_, func, or_, select

from intranet.audit.models import AuditEntry
from intranet.extensions import gettext as _
from intranet.text import nfc, parse_date


@dataclass
class Filters:
    """The search form's values; what could not be read is left out and said in ``problems``."""

    person: str = ""
    record_type: str = ""
    record_id: int | None = None
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None
    problems: list[str] = field(default_factory=list)

    @classmethod
    def from_args(cls, args) -> "Filters":
        filters = cls(
            person=nfc(args.get("person", "")).strip()[:100],
            record_type=args.get("record_type", "").strip()[:40],
            action=args.get("action", "").strip()[:20],
        )
        raw_id = args.get("record_id", "").strip()
        if raw_id:
            if raw_id.isdigit() and len(raw_id) < 12:
                filters.record_id = int(raw_id)
            else:
                filters.problems.append(_("Mã bản ghi phải là một số: %(v)s", v=raw_id[:20]))
        filters.date_from = filters._date(args.get("date_from", ""))
        filters.date_to = filters._date(args.get("date_to", ""))
        return filters

    def _date(self, raw: str) -> date | None:
        raw = raw.strip()
        if not raw:
            return None
        try:
            return parse_date(raw)  # dd/mm/yyyy as typed, or ISO
        except ValueError:
            self.problems.append(_("Ngày không hợp lệ: %(v)s", v=raw[:20]))
            return None

    @property
    def active(self) -> bool:
        return bool(
            self.person
            or self.record_type
            or self.record_id is not None
            or self.action
            or self.date_from
            or self.date_to
        )


def _utc_start(day: date) -> datetime:
    """The instant a local day begins (entries are stored in UTC)."""
    local = datetime.combine(day, time.min, tzinfo=get_timezone())
    return local.astimezone(UTC).replace(tzinfo=None)


def search(filters: Filters):
    """The entries matching ``filters``, newest first."""
    query = select(AuditEntry)
    if filters.person:
        query = query.where(_person(filters.person))
    if filters.record_type:
        if filters.record_id is not None:
            query = query.where(_about(filters.record_type, filters.record_id))
        else:
            query = query.where(AuditEntry.record_type == filters.record_type)
    elif filters.record_id is not None:
        query = query.where(AuditEntry.record_id == filters.record_id)
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.date_from:
        query = query.where(AuditEntry.at >= _utc_start(filters.date_from))
    if filters.date_to:
        query = query.where(AuditEntry.at < _utc_start(filters.date_to + timedelta(days=1)))
    return query.order_by(AuditEntry.seq.desc())


def _person(text: str):
    """The name or username contains ``text``, in any case (SQLite lowers ASCII only: "Đ"
    is matched as typed too)."""
    conditions = []
    for column in (AuditEntry.actor_name, AuditEntry.actor_username):
        conditions.append(column.contains(text, autoescape=True))
        conditions.append(func.lower(column).contains(text.lower(), autoescape=True))
    return or_(*conditions)


def _about(record_type: str, record_id: int):
    """Entries of the record itself, or of its parts (a document's files, audience, tasks)."""
    return or_(
        and_(AuditEntry.record_type == record_type, AuditEntry.record_id == record_id),
        and_(AuditEntry.parent_type == record_type, AuditEntry.parent_id == record_id),
    )


def history(record_type: str, record_id: int):
    """One record's entries, oldest first: its History."""
    return select(AuditEntry).where(_about(record_type, record_id)).order_by(AuditEntry.seq)


def record_types():
    return select(AuditEntry.record_type).distinct().order_by(AuditEntry.record_type)
