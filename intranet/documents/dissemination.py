"""Who a published document reaches, and who of them has read it, unit by unit."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select

from intranet.accounts.models import Unit, User, UserRole
from intranet.documents.models import Document, DocumentAudience, DocumentRead
from intranet.extensions import db


@dataclass
class UnitReading:
    unit: Unit
    read: list[tuple[User, datetime]] = field(default_factory=list)
    unread: list[User] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.read) + len(self.unread)


def audience_users(document: Document):
    """A query of the active users the document is addressed to."""
    query = select(User).where(User.active.is_(True))
    if document.audience_all:
        return query
    unit_ids = select(DocumentAudience.unit_id).where(
        DocumentAudience.document_id == document.id, DocumentAudience.unit_id.is_not(None)
    )
    roles = select(DocumentAudience.role).where(
        DocumentAudience.document_id == document.id, DocumentAudience.role.is_not(None)
    )
    with_role = select(UserRole.user_id).where(UserRole.role.in_(roles))
    return query.where(or_(User.unit_id.in_(unit_ids), User.id.in_(with_role)))


def by_unit(document: Document) -> list[UnitReading]:
    """Per unit, the readers with the time they read it and those who have not yet."""
    reads = dict(
        db.session.execute(
            select(DocumentRead.user_id, DocumentRead.read_at).filter_by(document_id=document.id)
        ).all()
    )
    rows: dict[int, UnitReading] = {}
    users = db.session.execute(
        audience_users(document).join(User.unit).order_by(Unit.name, User.full_name)
    ).scalars()
    for user in users:
        entry = rows.setdefault(user.unit_id, UnitReading(user.unit))
        if user.id in reads:
            entry.read.append((user, reads[user.id]))
        else:
            entry.unread.append(user)
    return list(rows.values())
