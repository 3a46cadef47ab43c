"""The worker's jobs of notifications: send the e-mails waiting, when woken after a commit that
queued some, and every five minutes whatever a lost wake-up or a server down left."""

import logging

from huey import crontab

from intranet import tasks
from intranet.notifications import mail

log = logging.getLogger(__name__)


def wake() -> None:
    """Called after a commit that queued e-mails: ask the worker to send them."""
    app = tasks._app
    if app is None or not app.config.get("WORKER_NOTIFY", True):
        return
    try:
        send_mail()
    except Exception:  # the queue being down must never fail a request: the cron catches up
        log.warning("could not queue the mail task", exc_info=True)


@tasks.huey.task()
def send_mail():
    """Send the notifications' e-mails waiting (``mail.send_pending``)."""
    with tasks._app.app_context():
        mail.send_pending()


@tasks.huey.periodic_task(crontab(minute="*/5"))
def mail_catch_up():
    send_mail.call_local()
