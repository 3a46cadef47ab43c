"""The worker's side of notifications: send the e-mails waiting in the notification table.

A notification marked ``pending`` is e-mailed here, one SMTP connection a batch; a server that
is down leaves them pending for the next run, and after ``MAX_ATTEMPTS`` runs one is given up
(the in-app notification stays). Settings: ``MAIL_SERVER``, ``MAIL_PORT`` (25),
``MAIL_USE_TLS`` (STARTTLS), ``MAIL_USERNAME``/``MAIL_PASSWORD``, ``MAIL_FROM``, and
``MAIL_BASE_URL`` (the address the links in e-mails start with; without it, none is written).
"""

import smtplib
from email.message import EmailMessage

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from intranet.domain import transaction
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.notifications import kinds
from intranet.notifications.models import MailState, Notification

MAX_ATTEMPTS = 5
BATCH = 200


def send_pending() -> int:
    """Send the e-mails waiting; returns how many went out."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        return 0
    sent = 0
    while True:
        with transaction():
            batch = list(
                db.session.execute(
                    select(Notification)
                    .where(Notification.mail_state == MailState.PENDING)
                    .options(joinedload(Notification.user))
                    .order_by(Notification.id)
                    .limit(BATCH)
                    # Several hosts' workers: each e-mail is sent by the one that locked it.
                    .with_for_update(skip_locked=True, of=Notification)
                ).scalars()
            )
            if not batch:
                return sent
            done, reached = _send(batch)
            sent += done
        if not reached:  # the server refused or is down: the rest waits for the next run
            return sent


def _send(batch: list[Notification]) -> tuple[int, bool]:
    """Send a batch; (how many went out, whether the server took the whole batch)."""
    config = current_app.config
    done = 0
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config.get("MAIL_PORT", 25), timeout=10) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
            for notification in batch:
                if not notification.user.email or not notification.user.active:
                    notification.mail_state = None
                    continue
                smtp.send_message(_message(notification))
                notification.mail_state = MailState.SENT
                done += 1
    except (OSError, smtplib.SMTPException):
        # The in-app notification is there; the e-mail is tried again at the next run.
        current_app.logger.warning("could not send the notifications' e-mail", exc_info=True)
        for notification in batch:
            if notification.mail_state == MailState.PENDING:
                notification.mail_attempts += 1
                if notification.mail_attempts >= MAX_ATTEMPTS:
                    notification.mail_state = MailState.FAILED
        return done, False
    return done, True


def _message(notification: Notification) -> EmailMessage:
    config, user = current_app.config, notification.user
    kind = kinds.get(notification.kind)
    with force_locale(user.locale or "vi"):
        subject = str(kind.subject or _("Thi đua – khen thưởng: %(k)s", k=str(kind.label)))
        body = notification.message
        base = (config.get("MAIL_BASE_URL") or "").rstrip("/")
        if base and notification.url:
            body += "\n\n" + _("Xem tại: %(u)s", u=base + notification.url)
    mail = EmailMessage()
    mail["From"] = config.get("MAIL_FROM", "thidua@localhost")
    mail["To"] = user.email
    mail["Subject"] = subject
    mail.set_content(body)
    return mail
