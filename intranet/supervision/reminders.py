"""Reminders before the report deadline (30, 7 and 1 days) and after it passes with no report.

Each reminder is a notification with a key, unique per person, so running this every day (or
twice) produces each reminder once. E-mail goes too when an SMTP server is configured.
"""

import smtplib
from email.message import EmailMessage

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from intranet import clock
from intranet.accounts.models import Role, Unit, User, UserRole
from intranet.domain import transaction
from intranet.extensions import db
from intranet.supervision import reports, rules
from intranet.supervision.models import Notification, ReportState

THRESHOLDS = (1, 7, 30)


def _holders(role: Role, unit_id: int | None = None) -> list[User]:
    query = select(User).join(UserRole).where(UserRole.role == role, User.active.is_(True))
    if unit_id is not None:
        query = query.where(User.unit_id == unit_id)
    return list(db.session.execute(query).scalars())


def notify(user: User, key: str, message: str, url: str = "") -> bool:
    """Add the notification unless this person already had it; True when it is new."""
    exists = db.session.execute(select(Notification.id).filter_by(user_id=user.id, key=key)).first()
    if exists:
        return False
    db.session.add(Notification(user_id=user.id, key=key, message=message, url=url))
    _mail(user, message)
    return True


def send_due(on=None) -> int:
    """Send the reminders due today for the current year's reports; returns how many were new."""
    on = on or rules.today()
    with transaction():
        return _send_due(on)


def _send_due(on) -> int:
    year = on.year
    due = rules.deadline(year)
    if due is None:
        return 0
    left = (due - on).days
    sent = 0
    units = db.session.execute(select(Unit).where(Unit.active.is_(True))).scalars().all()
    for unit in units:
        state, _days = rules.report_state(reports.get(unit.id, year), due, on)
        if state in (ReportState.ON_TIME, ReportState.LATE):
            continue
        if left >= 0:
            # The nearest threshold only: a job that starts late does not send a stale one.
            threshold = min(t for t in THRESHOLDS if t >= left) if left <= 30 else None
            if threshold is None:
                continue
            message = _(
                "Còn %(n)d ngày đến hạn nộp báo cáo thi đua năm %(y)d của %(unit)s (hạn %(d)s).",
                n=left,
                y=year,
                unit=unit.name,
                d=due.strftime("%d/%m/%Y"),
            )
            for head in _holders(Role.UNIT_HEAD, unit.id):
                sent += notify(
                    head,
                    f"report-due:{year}:{unit.id}:{threshold}",
                    message,
                    "/supervision/reports",
                )
        else:
            message = _(
                "%(unit)s chưa nộp báo cáo thi đua năm %(y)d (hạn %(d)s đã qua).",
                unit=unit.name,
                y=year,
                d=due.strftime("%d/%m/%Y"),
            )
            for person in _holders(Role.SECRETARIAT):
                sent += notify(person, f"report-missing:{year}:{unit.id}", message, "/supervision/")
    return sent


def mark_read(user: User) -> None:
    """Mark all of one's unread notifications read."""
    with transaction():
        db.session.execute(
            update(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
            .values(read_at=clock.now())
        )


def _mail(user: User, message: str) -> None:
    server = current_app.config.get("MAIL_SERVER")
    if not server or not user.email:
        return
    mail = EmailMessage()
    mail["From"] = current_app.config.get("MAIL_FROM", "thidua@localhost")
    mail["To"] = user.email
    mail["Subject"] = _("Nhắc việc thi đua – khen thưởng")
    mail.set_content(message)
    try:
        with smtplib.SMTP(server, current_app.config.get("MAIL_PORT", 25), timeout=10) as smtp:
            smtp.send_message(mail)
    except OSError:
        # The in-app notification is there; a mail server being down must not stop the others.
        current_app.logger.warning("could not e-mail %s", user.email, exc_info=True)
