"""In-app notifications, the e-mail each one may carry, and each person's e-mail choices."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet import clock
from intranet.accounts.models import User
from intranet.extensions import db


class MailState:
    """Where a notification's e-mail is: none wanted, waiting for the worker, sent, given up."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class Notification(db.Model):
    """An in-app notice. ``key`` makes each one happen once per person (a step, a reminder)."""

    __tablename__ = "notification"
    __table_args__ = (
        UniqueConstraint("user_id", "key"),
        # The unread count of the header, on every page.
        Index("ix_notification_unread", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(120))
    # The kind of step (kinds.py): the e-mail's subject and the person's choice of e-mails.
    kind: Mapped[str] = mapped_column(String(40), default="", server_default="")
    message: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    read_at: Mapped[datetime | None]
    # None: no e-mail (not wanted, no address or no server); else a MailState, for the worker.
    mail_state: Mapped[str | None] = mapped_column(String(10), index=True)
    mail_attempts: Mapped[int] = mapped_column(default=0, server_default="0")

    user: Mapped[User] = relationship()


class MailPreference(db.Model):
    """A person's choice for one kind of notification: e-mail it or not (the app always shows
    it). No row: the kind's default."""

    __tablename__ = "mail_preference"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    email: Mapped[bool]
