"""The trail's end written down outside the database: ``instance/audit_anchor.json``.

The head row and the chain live in the same database, so someone able to write to it can delete
the last entries and rewind the head, leaving a chain that verifies. Each ``flask check``, each
backup and the worker's daily job therefore write the head (sequence number and hash) in the
instance folder, and the next check asks whether the trail still extends it: the entry at the
anchor's sequence number must be there, with the same hash. A backup carries the anchor of its
snapshot in its manifest; restoring it installs that anchor.

The anchor only moves forward, and only from a trail that extends the previous one: a check that
finds the end cut leaves the anchor as it was, so every later check fails too.
"""

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from intranet import clock
from intranet.audit.chain import ENTRY, entry_hash, head
from intranet.extensions import db

FILE_NAME = "audit_anchor.json"


class AnchorUnreadable(ValueError):
    """The anchor file exists but does not hold an anchor."""


def path() -> Path:
    return Path(current_app.instance_path) / FILE_NAME


def make(seq: int, last_hash: str) -> dict:
    at = clock.aware_now().isoformat(timespec="seconds")
    return {"seq": int(seq), "hash": last_hash or "", "at": at}


def current() -> dict:
    """The anchor of the trail as it is now (its head row)."""
    return make(*head())


def read() -> dict | None:
    """The last anchor written here; None when there is none. Raises AnchorUnreadable."""
    try:
        text = path().read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise AnchorUnreadable(str(exc)) from exc
    try:
        data = json.loads(text)
        return {"seq": int(data["seq"]), "hash": str(data["hash"]), "at": str(data.get("at", ""))}
    except (ValueError, KeyError, TypeError) as exc:
        raise AnchorUnreadable("nội dung không hợp lệ") from exc


def write(anchor: dict) -> None:
    """Replace the anchor file atomically: a temporary file, fsync, rename, fsync of the folder."""
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(
        {"seq": anchor["seq"], "hash": anchor["hash"], "at": anchor.get("at", "")},
        ensure_ascii=False,
    )
    # A name of its own: the worker's daily job and a `flask check` may write at the same time.
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name + ".", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    folder = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def remove() -> None:
    path().unlink(missing_ok=True)


def verify(anchor: dict | None) -> list[str]:
    """Whether the trail in the database still extends ``anchor``; one message per problem."""
    if not anchor or anchor["seq"] <= 0:
        return []
    seq, when = anchor["seq"], _when(anchor)
    row = db.session.execute(select(ENTRY).where(ENTRY.c.seq == seq)).mappings().first()
    where = f"mốc ghi ngoài cơ sở dữ liệu ({FILE_NAME}, {when})"
    if row is None:
        head_seq, _hash = head()
        return [
            f"Nhật ký: mục số {seq} không còn, trong khi {where} ghi nhật ký đã dài đến số "
            f"{seq}; nhật ký hiện chỉ đến số {head_seq}: phần cuối đã bị xoá."
        ]
    if row["hash"] != anchor["hash"] or entry_hash(dict(row)) != anchor["hash"]:
        return [
            f"Nhật ký: mục số {seq} không còn giống {where} (mã băm không khớp): "
            "nhật ký đã bị viết lại."
        ]
    return []


def check_and_advance(trail_ok: bool = True, new: dict | None = None) -> tuple[list[str], dict]:
    """Verify the trail against the last anchor; when it extends it (and ``trail_ok``: the chain
    itself verified), write ``new`` (default: the head now) as the anchor. Returns the problems
    and the anchor in force afterwards."""
    try:
        old = read()
    except AnchorUnreadable as exc:
        return [f"Nhật ký: không đọc được mốc {path()} ({exc}); hãy kiểm tra tệp này."], {}
    problems = verify(old)
    if problems or not trail_ok:
        return problems, old or {}
    new = new or current()
    if old is not None and new["seq"] < old["seq"]:
        return [], old  # a snapshot taken before the last anchor: never move it back
    write(new)
    return [], new


def install(anchor: dict | None) -> None:
    """After a restore: the backup's anchor, or none when the backup carries none."""
    if anchor and "seq" in anchor:
        write(anchor)
    else:
        remove()


def _when(anchor: dict) -> str:
    """The anchor's date in Việt Nam time, as the administrator reads it."""
    try:
        moment = datetime.fromisoformat(anchor.get("at", ""))
    except (TypeError, ValueError):
        return "không rõ ngày ghi"
    if moment.tzinfo is not None:
        moment = moment.astimezone(clock.LOCAL)
    return f"ghi lúc {moment:%H:%M %d/%m/%Y}"
