"""The archive as it stood at the end of a day, rebuilt from the trail: every record with a
state (a document's status, a nomination's stage, an evidence's review, …), its values replayed
from the entries written up to that day ("what did we know when we decided").

The trail names no domain area: the records shown are those of every audited table with a state
column (``registry.STATUS_COLUMNS``); a state's label comes from the column's own enum.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from intranet import clock
from intranet.audit import registry
from intranet.audit.models import AuditEntry
from intranet.audit.queries import _utc_start
from intranet.audit.service import changes_of
from intranet.domain import RuleBroken
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.text import parse_date

# The entries that change a record's values; the others (downloads, refusals) do not.
CHANGES = ("create", "update", "status", "delete", "trash", "restore", "permission")


@dataclass
class Record:
    record_type: str
    record_id: int
    values: dict = field(default_factory=dict)
    gone: bool = False
    last_seq: int = 0

    def label(self, spec) -> str:
        value = self.values.get(spec.label) if spec and spec.label else None
        return str(value) if value not in (None, "") else f"#{self.record_id}"


def parse_day(raw: str | None) -> date | None:
    """The day asked for (dd/mm/yyyy or ISO); None when none is; RuleBroken for garbage or the
    future."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        day = parse_date(text)
    except ValueError:
        day = None
    if day is None:
        raise RuleBroken(
            _(
                "Ngày không hợp lệ: “%(v)s”. Hãy nhập theo dạng dd/mm/yyyy, ví dụ 05/02/2025.",
                v=text[:20],
            )
        )
    if day > clock.today():
        raise RuleBroken(
            _(
                "Ngày %(d)s chưa đến: chỉ xem được hồ sơ của một ngày đã qua.",
                d=day.strftime("%d/%m/%Y"),
            )
        )
    return day


def state_columns() -> dict[str, str]:
    """{table: its state column} of the audited tables that have one."""
    found = {}
    for mapper in db.Model.registry.mappers:
        table = mapper.local_table.name
        if table not in registry.audited():
            continue
        for column in registry.STATUS_COLUMNS:
            if column in mapper.local_table.columns:
                found[table] = column
                break
    return found


def state_label(table: str, column: str, value) -> str:
    """The state as the pages say it: the label of the column's enum member, else the value."""
    for mapper in db.Model.registry.mappers:
        if mapper.local_table.name == table:
            enum_class = getattr(mapper.local_table.columns[column].type, "enum_class", None)
            if enum_class is not None:
                try:
                    member = enum_class(value)
                except ValueError:
                    break
                return str(getattr(member, "label", member))
    return "—" if value in (None, "") else str(value)


def records_on(day: date, record_type: str = "") -> list[Record]:
    """The records with a state that existed at the end of ``day``, with their values then."""
    columns = state_columns()
    types = [record_type] if record_type in columns else list(columns)
    query = (
        select(AuditEntry)
        .where(
            AuditEntry.record_type.in_(types),
            AuditEntry.record_id.is_not(None),
            AuditEntry.action.in_(CHANGES),
            AuditEntry.at < _utc_start(day + timedelta(days=1)),
        )
        .order_by(AuditEntry.seq)
    )
    found: dict[tuple[str, int], Record] = {}
    for entry in db.session.execute(query).scalars():
        key = (entry.record_type, entry.record_id)
        record = found.get(key)
        if record is None or entry.action == "create":
            record = found[key] = Record(entry.record_type, entry.record_id)
        for name, _before, after in changes_of(entry):
            record.values[name] = after
        record.gone = entry.action == "delete"
        record.last_seq = entry.seq
    return sorted(
        (r for r in found.values() if not r.gone), key=lambda r: (r.record_type, r.record_id)
    )
