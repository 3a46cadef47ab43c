"""Stored files found missing or damaged while being served: told to the administrator at once.

Each fault goes to the audit trail (action ``file_fault``) and to ``instance/file_faults.json``,
which the administrator's check result shows until the next full check (that check finds the
same fault itself, or finds it repaired). A burst of downloads of one broken file writes one
entry, not one per request: the same file and fault are counted, not written again.
"""

import fcntl
import json
import os
from pathlib import Path

from flask import current_app

from intranet import clock
from intranet.storage.errors import BlobFault

FAULTS = "file_faults.json"
KEEP = 50

_WORDS = {"missing": "Thiếu tệp", "damaged": "Tệp bị hỏng (mã băm không khớp)"}


def _path() -> Path:
    return Path(current_app.instance_path) / FAULTS


def describe(fault: dict) -> str:
    """One line for the administrator, in the words of ``flask check``."""
    words = _WORDS.get(fault.get("kind"), fault.get("kind"))
    count = fault.get("count", 1)
    times = f" ({count} lần)" if count > 1 else ""
    return (
        f"{words} khi tải về: bản ghi stored_file {fault.get('stored_file_id')} "
        f"({fault.get('sha256')}), lúc {fault.get('at')}{times}"
    )


def report(fault: BlobFault) -> None:
    """Write ``fault`` down for the administrator: the trail once, the fault file always."""
    is_new = _note(fault)
    if is_new:
        from intranet import audit  # the trail sits above storage; loaded late

        summary = describe(
            {
                "kind": fault.kind,
                "stored_file_id": fault.stored_file_id,
                "sha256": fault.sha256,
                "at": clock.aware_now().isoformat(timespec="seconds"),
            }
        )
        audit.record("file_fault", "stored_file", fault.stored_file_id, summary)
    current_app.logger.error("file store: %s blob %s", fault.kind, fault.sha256)


def _note(fault: BlobFault) -> bool:
    """Add or count the fault in the fault file; True when it was not there yet."""
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    with os.fdopen(fd, "r+", encoding="utf-8") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)  # several workers may meet the same fault at once
        faults = _parse(fh.read())
        for known in faults:
            if known.get("sha256") == fault.sha256 and known.get("kind") == fault.kind:
                known["count"] = known.get("count", 1) + 1
                is_new = False
                break
        else:
            faults.append(
                {
                    "at": clock.aware_now().isoformat(timespec="seconds"),
                    "kind": fault.kind,
                    "stored_file_id": fault.stored_file_id,
                    "sha256": fault.sha256,
                    "count": 1,
                }
            )
            is_new = True
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps(faults[-KEEP:], ensure_ascii=False))
        fh.flush()
    return is_new


def _parse(text: str) -> list[dict]:
    try:
        data = json.loads(text or "[]")
    except ValueError:
        return []
    return [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []


def recent() -> list[dict]:
    """The faults met since the last full check, oldest first."""
    try:
        return _parse(_path().read_text(encoding="utf-8"))
    except OSError:
        return []


def clear() -> None:
    """Forget them: a full check has just looked at every file again."""
    _path().unlink(missing_ok=True)


def onto(last_check: dict | None) -> dict | None:
    """The last check's outcome (``checks.last()``) with the faults met since on top of it.

    Any fault makes the outcome a failure at once, before the next check runs.
    """
    found = recent()
    if not found:
        return last_check
    data = dict(last_check or {"at": found[0].get("at"), "summary": ""})
    data["ok"] = False
    data["problems"] = [describe(f) for f in found] + list(data.get("problems") or [])
    data["summary"] = (
        f"{data.get('summary') or ''} Tệp thiếu hoặc hỏng khi tải về: {len(found)}."
    ).strip()
    return data
