"""Turn a noted change into an entry: plain JSON values, the action, the parent, a summary."""

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from flask import has_app_context
from flask_babel import force_locale
from sqlalchemy import select

from intranet.audit import registry
from intranet.audit.registry import Spec
from intranet.extensions import db

MAX_TEXT = 2000  # a longer value is kept up to here, marked as cut
MAX_LABEL = 80


@dataclass
class Change:
    """One record's change within a flush; values are still Python objects."""

    table: str
    spec: Spec
    record_id: int | None
    kind: str  # insert, update, delete
    changes: dict = field(default_factory=dict)  # column -> [before, after]
    label: object = None
    parent_value: object = None  # the value of spec.parent's column

    def merge(self, later: "Change") -> None:
        """Fold a later change of the same record in the same flush into this one."""
        for name, (_before, after) in later.changes.items():
            before = self.changes[name][0] if name in self.changes else _before
            self.changes[name] = [before, after]
        if later.kind == "delete" or self.kind != "insert":
            self.kind = later.kind
        self.label = later.label or self.label
        self.parent_value = later.parent_value or self.parent_value


def plain(value):
    """A JSON value: enums by value, dates in ISO form, long texts cut."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} byte>"
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


def action_of(change: Change) -> str:
    """create, delete, trash, restore, status, permission or update."""
    if change.kind == "insert":
        return "create"
    if change.kind == "delete":
        return "delete"
    names = change.changes
    if registry.TRASH_COLUMN in names:
        before, after = names[registry.TRASH_COLUMN]
        if before is None and after is not None:
            return "trash"
        if before is not None and after is None:
            return "restore"
    if any(c in names for c in registry.STATUS_COLUMNS):
        return "status"
    if names.keys() & registry.PERMISSION_COLUMNS.get(change.table, set()):
        return "permission"
    return "update"


def _shown(value) -> str:
    """A value as a summary shows it: an enum's Vietnamese label, else its text."""
    if value is None:
        return "—"
    label = getattr(value, "label", None)
    if isinstance(value, enum.Enum) and label is not None:
        return str(label)
    if isinstance(value, list | tuple | set):
        return ", ".join(_shown(v) for v in value) or "—"
    return str(value)


def _field(name: str) -> str:
    label = registry.FIELD_LABELS.get(name)
    return str(label).lower() if label is not None else name


def summary_of(change: Change, action: str) -> str:
    label = str(change.label or "").strip()
    if len(label) > MAX_LABEL:
        label = label[: MAX_LABEL - 1] + "…"
    what = f"{change.spec.noun} {label or f'#{change.record_id}'}"
    if action == "status":
        column = next(c for c in registry.STATUS_COLUMNS if c in change.changes)
        before, after = change.changes[column]
        return f"Chuyển trạng thái {what}: {_shown(before)} → {_shown(after)}"
    fields = ", ".join(_field(n) for n in change.changes)
    return {
        "create": f"Tạo {what}",
        "delete": f"Xoá {what}",
        "trash": f"Chuyển vào thùng rác: {what}",
        "restore": f"Khôi phục {what}",
        "permission": f"Đổi quyền {what}: {fields}",
    }.get(action, f"Sửa {what}: {fields}")


def vietnamese_summary(change: Change, action: str) -> str:
    """The summary in Vietnamese, whatever the reader's language (it is stored and hashed)."""
    if not has_app_context():
        return summary_of(change, action)
    with force_locale("vi"):
        return summary_of(change, action)


def parent_of(conn, spec: Spec | None, value, known: dict | None = None) -> tuple:
    """(parent type, parent id) for a record whose parent column holds ``value``.

    ``known`` maps (table, id) to a change of this flush, so a row deleted with its parent in
    the same flush still finds it.
    """
    if spec is None or spec.parent is None or value is None:
        return None, None
    parent_type = spec.parent[0]
    if spec.parent_via is None:
        return parent_type, value
    via_table, via_column = spec.parent_via
    noted = (known or {}).get((via_table, value))
    if noted is not None and via_column in noted.changes:
        before, after = noted.changes[via_column]
        return parent_type, after if after is not None else before
    table = db.metadata.tables[via_table]
    found = conn.execute(select(table.c[via_column]).where(table.c.id == value)).scalar()
    return parent_type, found


def parent_of_record(conn, record_type: str, record_id: int | None) -> tuple:
    """(parent type, parent id) of an existing record, read from its row."""
    spec = registry.spec_of_table(record_type)
    if spec is None or spec.parent is None or record_id is None:
        return None, None
    table = db.metadata.tables[record_type]
    column = spec.parent[1]
    value = conn.execute(select(table.c[column]).where(table.c.id == record_id)).scalar()
    return parent_of(conn, spec, value)
