"""The hash chain: append entries under the head's lock, and verify the whole chain.

Each entry's hash is the SHA-256 of a canonical JSON of its fields and the previous entry's hash,
so removing, altering or reordering an entry breaks every check after it; the head row holds the
last sequence number and hash, so a removed tail shows too.
"""

import hashlib
import json
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from intranet.accounts.models import User
from intranet.audit.models import AuditEntry, AuditHead
from intranet.extensions import db

ENTRY = AuditEntry.__table__
HEAD = AuditHead.__table__
HEAD_ID = 1
# The fields the hash covers: all but the row id, the hash itself and actor_id (a link the
# database clears when a user is deleted; the hashed name and username stay).
HASHED = (
    "seq",
    "at",
    "actor_name",
    "actor_username",
    "ip_address",
    "action",
    "record_type",
    "record_id",
    "parent_type",
    "parent_id",
    "summary",
    "changes",
    "prev_hash",
)


def canonical(value) -> str:
    """Compact JSON with sorted keys: one text for one content, on any database."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(fields: dict) -> str:
    payload = {}
    for name in HASHED:
        value = fields.get(name)
        payload[name] = (
            value.isoformat(timespec="microseconds") if isinstance(value, datetime) else value
        )
    return hashlib.sha256(canonical(payload).encode()).hexdigest()


def _create_head(conn) -> None:
    values = {"id": HEAD_ID, "seq": 0, "last_hash": ""}
    dialect = conn.dialect.name
    if dialect == "postgresql":
        conn.execute(postgresql.insert(HEAD).values(values).on_conflict_do_nothing())
    elif dialect == "sqlite":
        conn.execute(sqlite.insert(HEAD).values(values).on_conflict_do_nothing())
    elif conn.execute(select(HEAD.c.id).where(HEAD.c.id == HEAD_ID)).first() is None:
        conn.execute(insert(HEAD).values(values))


def lock_head(conn) -> None:
    """Take the chain's lock until the transaction ends (a no-op update of the head row).

    Taken before a flush writes any audited row, so two transactions never wait on each other's
    records while holding the head.
    """
    query = update(HEAD).where(HEAD.c.id == HEAD_ID).values(seq=HEAD.c.seq)
    if conn.execute(query).rowcount == 0:
        _create_head(conn)
        conn.execute(query)


def append(conn, entries: list[dict]) -> None:
    """Number, chain and insert ``entries`` in the connection's transaction."""
    if not entries:
        return
    n = len(entries)
    query = (
        update(HEAD)
        .where(HEAD.c.id == HEAD_ID)
        .values(seq=HEAD.c.seq + n)
        .returning(HEAD.c.seq, HEAD.c.last_hash)
    )
    row = conn.execute(query).first()
    if row is None:
        _create_head(conn)
        row = conn.execute(query).first()
    last_seq, prev = row
    for offset, entry in enumerate(entries):
        entry["seq"] = last_seq - n + 1 + offset
        entry["prev_hash"] = prev
        entry["hash"] = prev = entry_hash(entry)
    conn.execute(insert(ENTRY), entries)
    conn.execute(update(HEAD).where(HEAD.c.id == HEAD_ID).values(last_hash=prev))


def head() -> tuple[int, str]:
    """(last sequence number, last hash) as the head row says; (0, "") before any entry."""
    row = db.session.execute(select(HEAD.c.seq, HEAD.c.last_hash).where(HEAD.c.id == HEAD_ID))
    return tuple(row.first() or (0, ""))


def verify_chain() -> list[str]:
    """Recompute the chain in sequence order; one message per problem, none when intact."""
    problems: list[str] = []
    expected_seq, prev = 1, ""
    usernames = dict(db.session.execute(select(User.id, User.username)).all())
    rows = db.session.execute(select(ENTRY).order_by(ENTRY.c.seq)).mappings()
    for row in rows.yield_per(1000):
        seq = row["seq"]
        if seq != expected_seq:
            missing = f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq}–{seq - 1}"
            problems.append(f"Nhật ký: thiếu mục số {missing} (đã bị xoá khỏi cơ sở dữ liệu).")
        elif row["prev_hash"] != prev:
            problems.append(f"Nhật ký: mục số {seq} không nối với mục trước (chuỗi bị cắt ghép).")
        if entry_hash(dict(row)) != row["hash"]:
            problems.append(f"Nhật ký: mục số {seq} đã bị sửa (mã băm không khớp).")
        # A link to a user who no longer exists is what deleting the user leaves on SQLite.
        actor = usernames.get(row["actor_id"])
        if actor is not None and actor != row["actor_username"]:
            problems.append(f"Nhật ký: mục số {seq} đã bị đổi người thực hiện.")
        expected_seq, prev = seq + 1, row["hash"]
    last = expected_seq - 1
    head_seq, head_hash = head()
    if head_seq > last:
        problems.append(f"Nhật ký: thiếu các mục cuối, số {last + 1} đến {head_seq} (đã bị xoá).")
    elif (head_seq, head_hash) != (last, prev):
        problems.append(f"Nhật ký: đầu chuỗi không khớp với mục cuối, số {last}.")
    return problems
