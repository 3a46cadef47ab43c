"""The last self-check's outcome, kept in instance/ by ``checks.run_and_keep`` and read by the
admin's page. A core module: it imports no area, so accounts may show it."""

import json
from pathlib import Path

from flask import current_app

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
