"""The last self-check's outcome, kept in instance/ by ``checks.run_and_keep`` and read by the
admin's page. A core module: it imports no area, so accounts may show it."""

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import current_app

from intranet import clock

LAST_CHECK = "last_check.json"


def _path() -> Path:
    return Path(current_app.instance_path) / LAST_CHECK


def keep(data: dict) -> None:
    """Keep the outcome of a check that just ran."""
    _path().write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def last_check() -> dict | None:
    """The outcome of the last daily check, with the file faults met since on top of it."""
    from intranet.storage import faults  # a seam below every area

    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    return faults.onto(data)


# -- the scheduled backups (intranet.backup_schedule) -----------------------------------------

LAST_BACKUP = "last_backup.json"
# Past this age without a good backup, while scheduled backups are on, the admin is warned.
BACKUP_LATE_AFTER = timedelta(hours=36)


def _backup_path() -> Path:
    return Path(current_app.instance_path) / LAST_BACKUP


def keep_backup(data: dict) -> dict:
    """Keep the outcome of a scheduled backup (a failure carries the last good one forward);
    returns what was kept."""
    if not data.get("ok"):
        previous = read_backup() or {}
        good = previous if previous.get("ok") else previous.get("last_good")
        if good:
            data = data | {"last_good": {k: good.get(k) for k in ("at", "file", "size")}}
    path = _backup_path()
    tmp = path.with_name(LAST_BACKUP + ".part")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
    return data


def read_backup() -> dict | None:
    """The last scheduled backup's outcome as kept, or None."""
    try:
        return json.loads(_backup_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def last_backup() -> dict:
    """For the admin's page: whether scheduled backups are on, the last one's outcome (its
    "when" as a naive UTC datetime, like the database's), and whether a good one is late."""
    last = read_backup()
    enabled = bool(current_app.config.get("BACKUP_ENABLED"))
    status = {"enabled": enabled, "folder": current_app.config.get("BACKUP_FOLDER"), "last": last}
    good = last if last and last.get("ok") else (last or {}).get("last_good")
    if last:
        last["when"] = _utc(last["at"])
    if good:
        good["when"] = _utc(good["at"])
    status["late"] = enabled and (good is None or clock.now() - good["when"] > BACKUP_LATE_AFTER)
    return status


def _utc(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp).astimezone(UTC).replace(tzinfo=None)
