"""Explicit events of the trail (sign-ins, downloads of restricted files) and who is acting."""

import json
from datetime import timedelta

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import func, select

from intranet import clock
from intranet.audit import chain, registry
from intranet.audit.entries import parent_of_record, plain
from intranet.audit.models import AuditEntry
from intranet.domain import transaction
from intranet.extensions import db

_CURRENT = object()


def who(actor=_CURRENT) -> dict:
    """actor_id, actor_name, actor_username and ip_address of the event being recorded.

    In a request: the signed-in user (or nobody) and the client's address; elsewhere (CLI,
    worker): the system. ``actor`` overrides the user (None: nobody).
    """
    if not has_request_context():
        return {
            "actor_id": None,
            "actor_name": registry.SYSTEM_ACTOR,
            "actor_username": "",
            "ip_address": None,
        }
    if actor is _CURRENT:
        actor = current_user if current_user.is_authenticated else None
    return {
        "actor_id": actor.id if actor is not None else None,
        "actor_name": actor.full_name if actor is not None else "",
        "actor_username": actor.username if actor is not None else "",
        "ip_address": (request.remote_addr or "")[:64] or None,
    }


def new_entry(action: str, record_type: str, record_id, summary: str, changes=None, **extra):
    """An entry's fields, before it is numbered and chained."""
    fields = {
        "at": clock.now(),
        "action": action,
        "record_type": record_type,
        "record_id": record_id,
        "parent_type": None,
        "parent_id": None,
        "summary": summary,
        "changes": chain.canonical(
            {k: [plain(before), plain(after)] for k, (before, after) in (changes or {}).items()}
        ),
    }
    fields.update(extra)
    return fields


def record(
    action: str,
    record_type: str,
    record_id: int | None,
    summary: str,
    changes: dict | None = None,
    *,
    actor=_CURRENT,
) -> None:
    """Add one event to the trail: a sign-in, a failed sign-in, a sign-out, a download.

    ``changes`` is {field: (before, after)}. The entry is committed at once, or with the
    caller's work when called inside the caller's ``transaction()``.
    """
    with transaction():
        conn = db.session.connection()
        parent_type, parent_id = parent_of_record(conn, record_type, record_id)
        entry = new_entry(
            action,
            record_type,
            record_id,
            summary,
            changes,
            parent_type=parent_type,
            parent_id=parent_id,
            **who(actor),
        )
        chain.append(conn, [entry])


def changes_of(entry) -> list[tuple[str, object, object]]:
    """(field, before, after) of an entry, by field name."""
    try:
        data = json.loads(entry.changes or "{}")
    except ValueError:
        return []
    return [(name, pair[0], pair[1]) for name, pair in data.items() if len(pair) == 2]


def recent_denials(user) -> int:
    """Refusals written for this user (or, signed out, this address) in the last minute."""
    since = clock.now() - timedelta(minutes=1)
    query = select(func.count()).where(AuditEntry.action == "denied", AuditEntry.at >= since)
    if user is not None and user.is_authenticated:
        query = query.where(AuditEntry.actor_id == user.id)
    else:
        query = query.where(AuditEntry.ip_address == who()["ip_address"])
    return db.session.execute(query).scalar_one()
