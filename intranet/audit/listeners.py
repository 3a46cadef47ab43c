"""Write the trail in the same transaction as every change of an audited record.

Mapper events note each inserted, updated and deleted row of an audited table (orphans removed
by a cascade included) with the before and after values of its columns; after the flush the
notes become entries, chained on the flush's own connection. ORM bulk UPDATE and DELETE
statements on an audited table are compared row by row, before and after.

The chain's lock is taken before the flush writes anything, so two transactions never hold
each other's records while one waits for the chain.
"""

from itertools import chain as chained

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, attributes, object_session

from intranet.audit import chain, registry
from intranet.audit.entries import (
    Change,
    action_of,
    parent_of,
    plain,
    vietnamese_summary,
)
from intranet.audit.service import new_entry, who
from intranet.extensions import db

PENDING = "audit.pending"
ROLES = "audit.roles"
BEFORE = "audit.before"
NO_LOAD = attributes.PASSIVE_NO_INITIALIZE


def _columns(mapper):
    """(attribute key, column name) of the mapper's own table's columns."""
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        if column.table is mapper.local_table:
            yield prop.key, column.name


def _values(target, mapper, kind: str, unloaded: dict) -> dict:
    """{column: [before, after]} of what changed, secrets hidden and bookkeeping left out.

    ``unloaded``: old values read before the flush, for columns set without being loaded.
    """
    state, changes = inspect(target), {}
    old = unloaded.get(state.key, {})
    for key, name in _columns(mapper):
        if registry.is_noise(name):
            continue
        if kind == "update":
            history = attributes.get_history(target, key, passive=NO_LOAD)
            if not (history.added or history.deleted):
                continue
            before = history.deleted[0] if history.deleted else old.get(name)
            after = history.added[0] if history.added else None
            if before == after:
                continue
        else:
            value = state.dict.get(key)
            if value is None or value == "":
                continue
            before, after = (None, value) if kind == "insert" else (value, None)
        if name in registry.SECRET_COLUMNS:
            if kind != "update":
                continue
            name = registry.SECRET_COLUMNS[name]
            before = after = registry.REDACTED
        changes[name] = [before, after]
    return changes


def _note(mapper, _connection, target, kind: str) -> None:
    session = object_session(target)
    if session is None:
        return
    table = mapper.local_table.name
    if table == registry.ROLE_TABLE:
        _note_role(session, target, kind)
        return
    spec = registry.spec_for(mapper)
    if spec is None:
        return
    changes = _values(target, mapper, kind, session.info.get(BEFORE, {}))
    if kind == "update" and not changes:
        return  # only bookkeeping, or a relationship that another row's entry shows
    state = inspect(target)
    pk = mapper.primary_key
    record_id = state.dict.get(mapper.get_property_by_column(pk[0]).key) if len(pk) == 1 else None
    change = Change(
        table=table,
        spec=spec,
        record_id=record_id if isinstance(record_id, int) else None,
        kind=kind,
        changes=changes,
        label=state.dict.get(spec.label) if spec.label else None,
        parent_value=state.dict.get(spec.parent[1]) if spec.parent else None,
    )
    session.info.setdefault(PENDING, []).append(change)


def _note_role(session, target, kind: str) -> None:
    """A role given (+) or taken (-): folded into the user's entry after the flush."""
    notes = session.info.setdefault(ROLES, [])
    user_id = inspect(target).dict.get("user_id")
    if kind == "update":
        history = attributes.get_history(target, "role", passive=NO_LOAD)
        notes += [("-", user_id, r) for r in history.deleted]
        notes += [("+", user_id, r) for r in history.added]
    else:
        notes.append(("+" if kind == "insert" else "-", user_id, target.role))


for _kind in ("insert", "update", "delete"):
    event.listen(
        db.Model,
        f"after_{_kind}",
        lambda m, c, t, _k=_kind: _note(m, c, t, _k),
        propagate=True,
    )


def _audited(obj) -> bool:
    mapper = inspect(obj).mapper
    return mapper.local_table.name == registry.ROLE_TABLE or registry.spec_for(mapper) is not None


@event.listens_for(Session, "before_flush")
def _prepare(session: Session, _context, _instances) -> None:
    session.info[PENDING], session.info[ROLES] = [], []  # what a failed flush noted is void
    session.info[BEFORE] = {}
    if any(_audited(o) for o in chained(session.new, session.dirty, session.deleted)):
        conn = session.connection()
        chain.lock_head(conn)
        session.info[BEFORE] = _read_unloaded(conn, session.dirty)


def _read_unloaded(conn, dirty) -> dict:
    """{identity key: {column: value}} of columns changed on an expired instance, whose old
    value only the database still knows, read before the flush overwrites it."""
    found = {}
    for obj in dirty:
        state = inspect(obj)
        mapper = state.mapper
        if state.key is None or registry.spec_for(mapper) is None:
            continue
        names = [
            name
            for key, name in _columns(mapper)
            if state.committed_state.get(key) is attributes.NO_VALUE
        ]
        if not names:
            continue
        table = mapper.local_table
        query = select(*(table.c[n] for n in names)).where(
            *(
                column == value
                for column, value in zip(mapper.primary_key, state.key[1], strict=True)
            )
        )
        row = conn.execute(query).first()
        if row is not None:
            found[state.key] = dict(zip(names, row, strict=True))
    return found


@event.listens_for(Session, "after_flush")
def _write_trail(session: Session, _context) -> None:
    pending, roles = session.info.pop(PENDING, []), session.info.pop(ROLES, [])
    session.info.pop(BEFORE, None)
    if not (pending or roles):
        return
    conn = session.connection()
    merged: dict = {}
    for change in pending:
        key = (change.table, change.record_id) if change.record_id is not None else id(change)
        if key in merged:
            merged[key].merge(change)
        else:
            merged[key] = change
    _fold_roles(conn, merged, roles)
    entries = _entries(conn, list(merged.values()), merged)
    chain.append(conn, entries)


def _fold_roles(conn, merged: dict, roles: list) -> None:
    """The roles before and after, as a "roles" field of each user's entry."""
    user_role = db.metadata.tables[registry.ROLE_TABLE]
    users = db.metadata.tables["user"]
    by_user: dict[int, tuple[set, set]] = {}
    for sign, user_id, role in roles:
        added, removed = by_user.setdefault(user_id, (set(), set()))
        (added if sign == "+" else removed).add(plain(role))
    for user_id, (added, removed) in by_user.items():
        query = select(user_role.c.role).where(user_role.c.user_id == user_id)
        now = {plain(r) for r in conn.execute(query).scalars()}
        before = sorted((now - added) | removed)
        change = merged.get(("user", user_id))
        if change is None:
            username = conn.execute(select(users.c.username).where(users.c.id == user_id))
            change = Change("user", registry.spec_of_table("user"), user_id, "update")
            change.label = username.scalar()
            merged[("user", user_id)] = change
        after = sorted(now) if change.kind != "delete" else None
        if change.kind == "insert":
            before = None
        if before != after:
            change.changes["roles"] = [before, after]


def _find_label(conn, change: Change) -> None:
    """The record's name, read from its row when the instance had it expired."""
    spec = change.spec
    if change.label or not spec.label or change.record_id is None or change.kind == "delete":
        return
    table = db.metadata.tables[change.table]
    query = select(table.c[spec.label]).where(table.primary_key.columns[0] == change.record_id)
    change.label = conn.execute(query).scalar()


@event.listens_for(Session, "do_orm_execute")
def _bulk_statement(state) -> None:
    """An ORM UPDATE/DELETE statement on an audited table: one entry per row it changes."""
    if not (state.is_update or state.is_delete) or state.is_executemany:
        return None
    mapper = state.bind_mapper
    if mapper is None or registry.spec_for(mapper) is None:
        return None
    table = mapper.local_table
    pk = table.primary_key.columns.values()
    if len(pk) != 1:
        return None
    pk = pk[0]
    conn = state.session.connection()
    query = select(table)
    if state.statement.whereclause is not None:
        query = query.where(state.statement.whereclause)
    before = {row[pk.name]: dict(row) for row in conn.execute(query).mappings()}
    if not before:
        return None  # nothing to change: the statement runs as usual
    chain.lock_head(conn)  # before the rows, as a flush does
    result = state.invoke_statement()
    after = {}
    if state.is_update:
        rows = conn.execute(select(table).where(pk.in_(list(before)))).mappings()
        after = {row[pk.name]: dict(row) for row in rows}
    changes = [_row_change(mapper, rid, old, after.get(rid)) for rid, old in before.items()]
    entries = _entries(conn, [c for c in changes if c is not None])
    chain.append(conn, entries)
    return result


def _row_change(mapper, record_id, old: dict, new: dict | None) -> Change | None:
    spec = registry.spec_for(mapper)
    changes = {}
    for name, value in old.items():
        if registry.is_noise(name) or name in registry.SECRET_COLUMNS:
            continue
        if new is None:
            if value is None or value == "":
                continue
            later = None
        else:
            later = new.get(name)
            if later == value:
                continue
        changes[name] = [value, later]
    if new is not None and not changes:
        return None
    row = new or old
    return Change(
        table=mapper.local_table.name,
        spec=spec,
        record_id=record_id,
        kind="update" if new is not None else "delete",
        changes=changes,
        label=row.get(spec.label) if spec.label else None,
        parent_value=row.get(spec.parent[1]) if spec.parent else None,
    )


def _entries(conn, changes: list[Change], known: dict | None = None) -> list[dict]:
    """The entries of ``changes``, by the current actor, ready to be chained."""
    actor = who()
    entries = []
    for change in changes:
        _find_label(conn, change)
        action = action_of(change)
        parent_type, parent_id = parent_of(conn, change.spec, change.parent_value, known)
        entries.append(
            new_entry(
                action,
                change.table,
                change.record_id,
                vietnamese_summary(change, action),
                change.changes,
                parent_type=parent_type,
                parent_id=parent_id,
                **actor,
            )
        )
    return entries
