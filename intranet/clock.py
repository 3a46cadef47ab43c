"""The one clock: "now" and "today" for the whole app, in Việt Nam time.

``TODAY`` in the config (``INTRANET_TODAY``) freezes the day for demonstrations and tests; nothing
else in the package asks the system for the date or the time.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def _frozen() -> date | None:
    return current_app.config.get("TODAY") if has_app_context() else None


def today() -> date:
    """Today in Việt Nam, or the frozen ``TODAY``."""
    return _frozen() or datetime.now(LOCAL).date()


def now() -> datetime:
    """This moment in UTC, naive as the database stores it; on a frozen ``TODAY``, that day at
    this local time, so that what is done "today" is dated today."""
    frozen = _frozen()
    if not frozen:
        return datetime.now(UTC).replace(tzinfo=None)
    moment = datetime.combine(frozen, datetime.now(LOCAL).time(), LOCAL)
    return moment.astimezone(UTC).replace(tzinfo=None)


def aware_now() -> datetime:
    """This moment with its time zone (UTC), for stamps written outside the database."""
    return now().replace(tzinfo=UTC)


def local_date(moment: datetime) -> date:
    """The date in Việt Nam of a moment stored in UTC (naive): 23:30 UTC on 29/6 is already 30/6."""
    return moment.replace(tzinfo=UTC).astimezone(LOCAL).date()
