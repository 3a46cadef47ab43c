"""Scheduled backups: every night the worker writes a backup into BACKUP_FOLDER, reads it back
to verify it, keeps the last days, weeks and months of them (BACKUP_KEEP), and records the result
for the administrator's page (``health.keep_backup``).

A backup is written under a hidden temporary name, synced to disk, verified, and only then renamed
to ``intranet-YYYYMMDD-HHMMSS.tar.gz`` (Việt Nam time): every archive with such a name was
verified, and a failed run leaves no file behind. One run at a time (a file lock in instance/).
"""

import fcntl
import gzip
import hashlib
import json
import logging
import os
import re
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app

from intranet import backup, clock, health

log = logging.getLogger(__name__)

NAME_RE = re.compile(r"^intranet-(\d{8}-\d{6})(?:-(\d+))?\.tar\.gz$")
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# A failed night is tried again after this long, not every minute (a full disk stays full).
RETRY_AFTER = timedelta(hours=1)
PERIODS = {
    "d": lambda stamp: stamp.date(),
    "w": lambda stamp: stamp.isocalendar()[:2],
    "m": lambda stamp: (stamp.year, stamp.month),
    "y": lambda stamp: stamp.year,
}


class Busy(RuntimeError):
    """Another backup holds the lock."""


# -- the rotation policy -----------------------------------------------------------------------


def parse_policy(text: str) -> list[tuple[str, int]]:
    """``"7d,4w,6m"`` -> [("d", 7), ("w", 4), ("m", 6)]; d days, w weeks, m months, y years."""
    rules = []
    for part in (text or "").replace(" ", "").lower().split(","):
        match = re.fullmatch(r"(\d+)([dwmy])", part)
        if not match:
            raise ValueError(
                f"BACKUP_KEEP không hợp lệ: {text!r} (ví dụ: 7d,4w,6m — số ngày, tuần, tháng, năm)."
            )
        rules.append((match[2], int(match[1])))
    return rules


def to_keep(stamps: Iterable[datetime], policy: str | list) -> set[datetime]:
    """The backups a policy keeps: for "7d", the newest of each of the last 7 days that have a
    backup; likewise for weeks, months and years; the rules add up. The newest is always kept."""
    rules = parse_policy(policy) if isinstance(policy, str) else policy
    ordered = sorted(set(stamps), reverse=True)
    kept = set(ordered[:1])
    for unit, count in rules:
        periods = 0
        last = None
        for stamp in ordered:
            key = PERIODS[unit](stamp)
            if key == last:
                continue  # newest first: the first of a period is its newest
            if periods == count:
                break
            last = key
            periods += 1
            kept.add(stamp)
    return kept


def archives(folder: Path) -> dict[str, datetime]:
    """{name: local time} of the scheduled backups in ``folder`` (other files are left alone)."""
    found = {}
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        match = NAME_RE.match(path.name)
        if match and path.is_file():
            stamp = datetime.strptime(match[1], "%Y%m%d-%H%M%S")
            found[path.name] = stamp.replace(microsecond=int(match[2] or 0))
    return found


def rotate(folder: Path, policy: str, protect: Iterable[str] = ()) -> list[str]:
    """Delete the backups the policy does not keep (never one in ``protect``, never the newest);
    returns the names deleted."""
    rules = parse_policy(policy)
    found = archives(folder)
    kept = to_keep(found.values(), rules)
    removed = []
    for name, stamp in sorted(found.items()):
        if stamp in kept or name in protect:
            continue
        (folder / name).unlink(missing_ok=True)
        removed.append(name)
    return removed


# -- verification: the archive read back -------------------------------------------------------


def verify(path: Path) -> dict:
    """Read a backup back: the whole gzip stream (its CRC), the manifest, every file's bytes
    against the hash it is named by, the database copy (SQLite: ``PRAGMA integrity_check`` and
    the files its rows list; PostgreSQL: the dump read through by ``pg_restore``). Returns the
    manifest; raises ``backup.BackupError`` saying what is wrong."""
    path = Path(path)
    try:
        return _verify(path)
    except backup.BackupError:
        raise
    except (OSError, EOFError, zlib.error, tarfile.TarError, ValueError, sqlite3.Error) as exc:
        raise backup.BackupError(f"Không đọc lại được bản sao lưu {path.name}: {exc}") from exc


def _verify(path: Path) -> dict:
    manifest = None
    found: set[str] = set()
    dumps: set[str] = set()
    with tempfile.TemporaryDirectory() as work, gzip.open(path, "rb") as stream:
        work = Path(work)
        with tarfile.open(fileobj=stream, mode="r|") as tar:
            for member in tar:
                if not member.isfile():
                    raise backup.BackupError(f"Mục lạ trong bản sao lưu: {member.name}.")
                data = tar.extractfile(member)
                if member.name == "manifest.json":
                    manifest = json.loads(data.read().decode("utf-8"))
                elif member.name in DUMPS.values():
                    _copy(data, work / member.name)
                    dumps.add(member.name)
                elif member.name.startswith("files/"):
                    digest = _copy(data, None)
                    if digest != member.name.removeprefix("files/"):
                        raise backup.BackupError(
                            f"Tệp {member.name} trong bản sao lưu bị hỏng (mã băm không khớp)."
                        )
                    found.add(digest)
                else:
                    _copy(data, None)
        while stream.read(1 << 20):  # to the end of the stream: gzip checks its CRC and length
            pass
        if manifest is None:
            raise backup.BackupError("Bản sao lưu không có manifest.json.")
        if manifest.get("format") != backup.FORMAT:
            raise backup.BackupError("Định dạng tệp sao lưu không được hỗ trợ.")
        dump_name = DUMPS.get(manifest.get("database"))
        if dump_name not in dumps:
            raise backup.BackupError("Bản sao lưu không có bản sao cơ sở dữ liệu.")
        missing = set(manifest.get("missing") or [])
        if len(found) != manifest.get("files", 0) - len(missing):
            raise backup.BackupError(
                f"Bản sao lưu có {len(found)} tệp, manifest ghi "
                f"{manifest.get('files', 0) - len(missing)}."
            )
        if manifest["database"] == "sqlite":
            _check_sqlite(work / dump_name, found | missing)
        else:
            _check_pgdump(work / dump_name)
    return manifest


def _copy(source, target: Path | None) -> str:
    """Read ``source`` to its end (into ``target`` if given); its SHA-256."""
    digest = hashlib.sha256()
    out = target.open("wb") if target else None
    try:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
            if out:
                out.write(chunk)
    finally:
        if out:
            out.close()
    return digest.hexdigest()


def _check_sqlite(dump: Path, files: set[str]) -> None:
    conn = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    try:
        result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        listed = {row[0] for row in conn.execute("SELECT sha256 FROM stored_file")}
    finally:
        conn.close()
    if result != ["ok"]:
        raise backup.BackupError(f"Bản sao CSDL hỏng (integrity_check): {'; '.join(result[:3])}")
    if listed != files:
        raise backup.BackupError(
            f"CSDL trong bản sao lưu liệt kê {len(listed)} tệp, bản sao lưu có {len(files)}."
        )


def _check_pgdump(dump: Path) -> None:
    for args in (["--list"], ["--file", os.devnull]):  # its table of contents, then every byte
        done = subprocess.run(  # noqa: S603 (a fixed command on our own file)
            ["pg_restore", *args, str(dump)],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise backup.BackupError(f"Bản dump PostgreSQL hỏng: {done.stderr.strip()[:300]}")
        if args == ["--list"] and "TABLE DATA" not in done.stdout:
            raise backup.BackupError("Bản dump PostgreSQL không có dữ liệu bảng nào.")


# -- the nightly job ---------------------------------------------------------------------------


@contextmanager
def lock():
    """One backup at a time on this machine; ``Busy`` when another holds it."""
    path = Path(current_app.instance_path) / "backup.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy("Một bản sao lưu khác đang được tạo.") from None
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _local_now() -> datetime:
    return clock.aware_now().astimezone(clock.LOCAL)


def is_due(now: datetime | None = None) -> bool:
    """Past BACKUP_HOUR today (Việt Nam time) with no backup made today; a failed attempt is tried
    again after RETRY_AFTER. A machine off at night makes its backup at the first start after."""
    now = now or _local_now()
    if now.hour < int(current_app.config["BACKUP_HOUR"]):
        return False
    last = health.read_backup()
    if not last:
        return True
    at = datetime.fromisoformat(last["at"]).astimezone(clock.LOCAL)
    if last.get("ok"):
        return at.date() != now.date()
    return not timedelta(0) <= now - at < RETRY_AFTER


def run_if_due() -> dict | None:
    """The worker's tick: a backup when scheduled backups are on and one is due."""
    if not current_app.config.get("BACKUP_ENABLED"):
        return None
    return run(only_if_due=True)


def run(only_if_due: bool = False) -> dict | None:
    """Make, verify and rotate a backup now; record and return its status (None when another
    run holds the lock or, with ``only_if_due``, when none is due)."""
    try:
        with lock():
            if only_if_due and not is_due():
                return None
            status = _attempt()
    except Busy:
        log.info("a backup is already running; this one is skipped")
        return None
    status = health.keep_backup(status)
    if not status["ok"]:
        log.error("scheduled backup failed: %s", status["message"])
    elif status["result"] == "warning":
        log.warning("scheduled backup: %s", status["message"])
    return status


def _attempt() -> dict:
    started = _local_now()
    status = {"at": started.isoformat(timespec="seconds"), "file": None, "size": None}
    try:
        folder = Path(current_app.config["BACKUP_FOLDER"])
        name, manifest = _write(folder, started)
    except Exception as exc:  # every failure is reported to the administrator, never raised
        log.exception("scheduled backup failed")
        return status | {"ok": False, "result": "failed", "message": _reason(exc)}
    status |= {
        "ok": True,
        "result": "ok",
        "file": name,
        "size": (folder / name).stat().st_size,
        "files": manifest.get("files", 0),
        "message": f"Đã sao lưu và kiểm tra {manifest.get('files', 0)} tệp và CSDL.",
    }
    notes = []
    if manifest.get("missing"):
        notes.append(f"thiếu {len(manifest['missing'])} tệp trong kho (hãy chạy check)")
    try:
        status["removed"] = rotate(folder, current_app.config["BACKUP_KEEP"], protect={name})
    except (ValueError, OSError) as exc:
        notes.append(f"chưa xoá được bản cũ: {exc}")
    if notes:
        note = " Lưu ý: " + "; ".join(notes)
        status |= {"result": "warning", "message": status["message"] + note}
    return status


def _reason(exc: Exception) -> str:
    if isinstance(exc, backup.BackupError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _write(folder: Path, started: datetime) -> tuple[str, dict]:
    """The archive under a hidden name, synced, verified, then renamed; nothing left on failure."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for leftover in folder.glob(".intranet-*"):  # a run killed half-way (we hold the lock)
        leftover.unlink(missing_ok=True)
    name = _free_name(folder, started)
    tmp = folder / f".{name}.tmp"
    try:
        backup.create(tmp)
        os.chmod(tmp, 0o600)  # the archive holds the secret key and the password hashes
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        manifest = verify(tmp)
        os.replace(tmp, folder / name)
        _fsync_folder(folder)
    finally:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".part").unlink(missing_ok=True)
    return name, manifest


def _free_name(folder: Path, started: datetime) -> str:
    base = f"intranet-{started:%Y%m%d-%H%M%S}"
    name, n = f"{base}.tar.gz", 1
    while (folder / name).exists():
        name, n = f"{base}-{n}.tar.gz", n + 1
    return name


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def newest(folder: Path | None = None) -> Path | None:
    """The newest scheduled backup (the one to restore)."""
    folder = Path(folder or current_app.config["BACKUP_FOLDER"])
    found = archives(folder)
    return folder / max(found, key=found.get) if found else None
