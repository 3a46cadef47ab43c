"""Background work with huey: text extraction and index writes never block a request.

The queue lives in ``instance/huey.sqlite3`` (or Redis when INTRANET_REDIS_URL is set), so the web
processes and ``flask --app intranet worker`` share it. The tasks run inside the Flask app.
"""

import contextlib
import logging
import os
import threading
import time
from pathlib import Path

from huey import RedisHuey, SqliteHuey, crontab

log = logging.getLogger(__name__)


def _make_huey():
    redis_url = os.environ.get("INTRANET_REDIS_URL")
    if redis_url:
        # One queue for every host of a deployment (INTRANET_QUEUE_NAME: two deployments, or
        # two tests, on one Redis).
        return RedisHuey(os.environ.get("INTRANET_QUEUE_NAME") or "intranet", url=redis_url)
    instance = os.environ.get("INTRANET_INSTANCE_PATH") or str(
        Path(__file__).resolve().parent.parent / "instance"
    )
    Path(instance).mkdir(parents=True, exist_ok=True)
    return SqliteHuey("intranet", filename=str(Path(instance) / "huey.sqlite3"))


huey = _make_huey()
_app = None
# Set while an index run waits in the queue: a burst of commits (an import of 2,000 rows, 200
# uploads) queues one run, not one per commit. The run clears it as it starts, so a change
# committed during the run queues the next one; the cron's run clears a flag left by a lost task.
QUEUED = "index_pending:queued"
# This host's index has one writer: the queue's task and the follower take turns.
_INDEX_LOCK = threading.Lock()
ALIVE_EVERY = 60.0  # seconds between an idle follower's "still here" (and "still known?")


def bind(app) -> None:
    """Remember the app the tasks run in (the worker's, or the web process's)."""
    global _app
    _app = app


def notify_index_work() -> None:
    """Called after a commit that wrote the outbox: wake the worker, if there is one."""
    if _app is None or not _app.config.get("WORKER_NOTIFY", True):
        return
    try:
        if not huey.put_if_empty(QUEUED, "1"):
            return  # a run already waiting will see this change too
    except Exception:  # the queue being down must never fail a request: the cron catches up
        log.warning("could not queue the index task", exc_info=True)
        return
    try:
        index_pending()
    except Exception:
        log.warning("could not queue the index task", exc_info=True)
        with contextlib.suppress(Exception):
            huey.delete(QUEUED)  # no run waits: the next commit tries again


@huey.task()
def index_pending():
    """Extract new files' text, then apply the outbox to the index."""
    from intranet.extraction import configure_pool
    from intranet.indexing import worker
    from intranet.search import IndexUnavailable

    huey.delete(QUEUED)  # from now on, a new change queues the next run
    configure_pool(_app.config)
    with _INDEX_LOCK, _app.app_context():
        try:
            while worker.extract_pending():
                worker.process_outbox()
            worker.process_outbox()
        except IndexUnavailable:
            log.warning("index unavailable; the outbox is kept for the next run")


def follow_log(interval: float, stop: threading.Event | None = None) -> None:
    """Several hosts: each worker applies the shared log to its own index every ``interval``
    seconds (a task on the shared queue would reach one host only). Runs in a thread of
    ``flask worker`` when INDEX_FOLLOW_SECONDS is set (the default on PostgreSQL)."""
    from intranet.indexing import worker
    from intranet.search import IndexUnavailable

    stop = stop or threading.Event()
    seen = 0.0
    while not stop.wait(interval):
        try:
            with _app.app_context():
                if worker.index_exists() and not worker.pending():
                    # Nothing new (a missing index is built, even with an empty log). An idle
                    # host still says it is alive, or the others would forget it after days;
                    # one forgotten (or after a restore) rebuilds.
                    if time.monotonic() - seen < ALIVE_EVERY:
                        continue
                    seen = time.monotonic()
                    if worker.seen():
                        continue
                with _INDEX_LOCK:
                    worker.process_outbox()
        except IndexUnavailable:
            log.warning("index unavailable; the log is kept for the next run")
        except Exception:  # a database restart must not end the thread: it tries again
            log.exception("following the index log failed")
            time.sleep(min(30.0, interval * 10))


@huey.periodic_task(crontab(minute="*"))
def catch_up():
    """Every minute, whatever a lost notification or an unavailable index left behind."""
    index_pending.call_local()
    resize_photos.call_local()


@huey.task()
def resize_photos():
    """The stories' new photos, resized to a few widths with Pillow (the originals kept)."""
    from intranet.propagation import photos

    with _app.app_context():
        photos.resize_pending()


def queue_resize(photo_id: int) -> None:
    """Called after a photo is stored: wake the worker, if there is one (the cron catches up)."""
    if _app is None or not _app.config.get("WORKER_NOTIFY", True):
        return
    try:
        resize_photos()
    except Exception:  # the queue being down must never fail a request
        log.warning("could not queue the resize of photo %s", photo_id, exc_info=True)


@huey.periodic_task(crontab(minute="*"))
def nightly_backup():
    """Each minute, whether the night's backup is due (BACKUP_HOUR, Việt Nam time; or the first
    minute after, if the machine was off): made, verified, rotated and recorded for the admin."""
    from intranet import backup_schedule, once

    with _app.app_context():
        if not _app.config.get("BACKUP_ENABLED") or not backup_schedule.is_due():
            return
        # Once per night whichever host asks first; that host may retry within the night.
        night = backup_schedule._local_now().date().isoformat()
        if once.claim("nightly_backup", night, retry=True):
            backup_schedule.run_if_due()


# huey reads crontabs in UTC: 00:00 UTC is 07:00 in Việt Nam (UTC+7, no daylight saving).
@huey.periodic_task(crontab(hour="0", minute="0"))
def daily():
    """Every morning: the deadline reminders, then the archive's self-check (temporary upload
    files older than a day go to quarantine first; the audit trail's end is anchored)."""
    from intranet import checks, clock, once
    from intranet.supervision import reminders

    with _app.app_context():
        # Each host's scheduler queues this at 00:00: the first to run it runs it, once.
        if not once.claim("daily", clock.local_date(clock.now()).isoformat()):
            return
        reminders.send_due()
        checks.run_and_keep(temp_older_than=checks.DAILY_TEMP_AGE)
