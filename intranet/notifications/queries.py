"""One's own notifications: the list and the unread count of the header."""

from sqlalchemy import bindparam, func, select

from intranet.extensions import db
from intranet.notifications.models import Notification


def notifications(user, limit: int = 100):
    """One's own notifications, newest first (a select)."""
    return (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    )


# On every page (the bell's number): built once, so that its cache key is kept too.
_UNREAD = select(func.count(Notification.id)).where(
    Notification.user_id == bindparam("user_id"), Notification.read_at.is_(None)
)


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return db.session.execute(_UNREAD, {"user_id": user.id}).scalar_one()
