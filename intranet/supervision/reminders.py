"""Reminders before the report deadline (30, 7 and 1 days) and after it passes with no report.

Each reminder is a notification with a key, unique per person, so running this every day (or
twice) produces each reminder once. E-mail goes too when an SMTP server is configured and the
person wants it (``intranet.notifications``); this runs in the worker, which sends it at once.
"""

from sqlalchemy import select

from intranet.accounts.models import Role, Unit
from intranet.domain import transaction
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.notifications import mail, service
from intranet.supervision import reports, rules
from intranet.supervision.models import ReportState

THRESHOLDS = (1, 7, 30)


def send_due(on=None) -> int:
    """Send the reminders due today for the current year's reports; returns how many were new.

    Their e-mails go out once the notifications are committed.
    """
    on = on or rules.today()
    with transaction():
        sent = _send_due(on)
    mail.send_pending()
    return sent


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
            sent += service.notify(
                "report_due",
                service.holders(Role.UNIT_HEAD, unit.id),
                message,
                key=f"report-due:{year}:{unit.id}:{threshold}",
                url="/supervision/reports",
            )
        else:
            message = _(
                "%(unit)s chưa nộp báo cáo thi đua năm %(y)d (hạn %(d)s đã qua).",
                unit=unit.name,
                y=year,
                d=due.strftime("%d/%m/%Y"),
            )
            sent += service.notify(
                "report_missing",
                service.holders(Role.SECRETARIAT),
                message,
                key=f"report-missing:{year}:{unit.id}",
                url="/supervision/",
            )
    return sent
