"""The archive's self-check: every file against its hash, every row against its file, files with
no row, the search index against the database, and the audit trail's hash chain. Used by
``flask check`` and the worker."""

import shutil
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from intranet import audit, clock, health, search, storage
from intranet.audit import anchor
from intranet.extensions import db
from intranet.indexing import records, worker
from intranet.indexing.worker import index_exists, open_index


@dataclass
class Report:
    files_checked: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        state = "OK" if self.ok else f"{len(self.problems)} vấn đề"
        return f"Kiểm tra: {self.files_checked} tệp; {state}."


def run() -> Report:
    report = Report()
    _check_files(report)
    _check_index(report)
    _check_audit(report)
    return report


def _check_audit(report: Report) -> None:
    """The audit trail's hash chain: no entry removed, altered or cut off the end; and the end
    still extends the anchor written outside the database (``audit.anchor``), which then moves
    to the head."""
    try:
        chain_problems = audit.verify_chain()
        anchor_problems, kept = anchor.check_and_advance(trail_ok=not chain_problems)
        seq, last_hash = audit.head()
    except SQLAlchemyError as exc:
        db.session.rollback()
        report.problems.append(f"Không đọc được nhật ký hệ thống: {exc.__class__.__name__}")
        return
    except OSError as exc:
        report.problems.append(f"Không ghi được mốc nhật ký vào {anchor.path()}: {exc}")
        return
    report.problems.extend(chain_problems + anchor_problems)
    if seq:
        # Written down elsewhere, this line also shows a trail rewritten whole since then.
        report.notes.append(f"Nhật ký: {seq} mục, mã băm cuối {last_hash[:16]}.")
    if kept.get("seq") and not (chain_problems or anchor_problems):
        report.notes.append(f"Đã ghi mốc nhật ký (mục số {kept['seq']}) vào {anchor.path()}.")


def _check_files(report: Report) -> None:
    missing = {f.id for f in storage.missing_blobs()}
    for stored in db.session.execute(select(storage.StoredFile)).scalars():
        report.files_checked += 1
        if stored.id in missing:
            report.problems.append(
                f"Thiếu tệp của bản ghi stored_file {stored.id} ({stored.sha256})"
            )
        elif not storage.verify(stored):
            report.problems.append(f"Tệp {stored.sha256} đã bị thay đổi (mã băm không khớp)")
    for path in storage.stray_blobs():
        report.problems.append(f"Tệp không thuộc bản ghi nào: {path}")
    # A temporary file is an upload in progress, or one cut off by a crash: reported, not an
    # error, since an upload may be running; when none is, it can be deleted.
    for path in storage.temp_files():
        report.notes.append(f"Tệp tạm của một lần tải lên (đang chạy hoặc bị ngắt): {path}")


def _check_index(report: Report) -> None:
    indexed = _indexed_keys(report)
    if indexed is None:
        return
    pending = worker.pending_keys()  # this host's: the entries its index has not applied
    expected = set(records.all_keys())
    for key in sorted(expected - indexed - pending):
        report.problems.append(f"Chưa có trong chỉ mục: {key}")
    for key in sorted(indexed - expected - pending):
        report.problems.append(f"Chỉ mục có mục không còn bản ghi: {key}")
    if pending:
        report.notes.append(f"{len(pending)} thay đổi đang chờ cập nhật chỉ mục.")


def run_and_keep(temp_older_than: timedelta | None = None) -> Report:
    """Run the checks and keep the outcome in instance/ for the admin's page; the daily job
    first moves the temporary files older than ``temp_older_than`` into quarantine."""
    moved = repair(strays=False, min_age=temp_older_than).moved if temp_older_than else []
    report = run()
    report.notes[:0] = [f"Đã chuyển vào khu cách ly: {src} → {dest}" for src, dest in moved]
    health.keep(
        {
            "at": clock.aware_now().isoformat(timespec="seconds"),
            "ok": report.ok,
            "summary": report.summary(),
            "problems": report.problems[:50],
            "quarantined": [str(src) for src, _dest in moved][:50],
        }
    )
    storage.faults.clear()  # this check looked at every file again
    return report


# -- repair: what a crash leaves in the upload folder goes to quarantine, never away ---------

# The daily job's age for temporary files; ``check --repair`` also leaves files written in the
# last hour where they are (an upload may be writing its temporary file, or have placed its blob
# and not yet committed its row).
DAILY_TEMP_AGE = timedelta(days=1)
REPAIR_MIN_AGE = timedelta(hours=1)
QUARANTINE = "quarantine"


@dataclass
class Repair:
    folder: Path | None = None  # instance/quarantine/<date-time>/, when something was moved
    moved: list[tuple[Path, Path]] = field(default_factory=list)  # (from, to)
    kept: list[Path] = field(default_factory=list)  # too recent to be sure it is abandoned


def repair(strays: bool = True, min_age: timedelta = REPAIR_MIN_AGE) -> Repair:
    """Move stray blobs (``strays``) and temporary upload files last written more than
    ``min_age`` ago into ``instance/quarantine/<date-time>/``, under their path in the upload
    folder. Nothing is deleted; the administrator may look and delete the folder."""
    outcome = Repair()
    root = storage.upload_root()
    stray = storage.stray_blobs() if strays else []
    candidates = stray + storage.temp_files()
    # Files are dated by the file system's clock, not the app's (which a demonstration may
    # freeze on another day): their age is measured against the real time.
    now = time.time()
    for source in candidates:
        try:
            age = now - source.stat().st_mtime
        except FileNotFoundError:
            continue  # an upload finished with it meanwhile
        if age < min_age.total_seconds():
            outcome.kept.append(source)
            continue
        if outcome.folder is None:
            outcome.folder = _new_quarantine_folder()
        dest = outcome.folder / source.relative_to(root)
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.move(source, dest)
        except FileNotFoundError:
            continue
        outcome.moved.append((source, dest))
    _put_back_claimed(outcome, stray)
    return outcome


def _put_back_claimed(outcome: Repair, strays: list[Path]) -> None:
    """A blob whose row was committed while it was being moved goes back where it was."""
    root = storage.upload_root()
    moved = {src.name: (src, dest) for src, dest in outcome.moved if src in strays}
    if not moved:
        return
    # A connection of its own: rows committed since the list of strays was made.
    with db.engine.connect() as conn:
        query = select(storage.StoredFile.sha256).where(storage.StoredFile.sha256.in_(moved))
        claimed = list(conn.execute(query).scalars())
    for sha256 in claimed:
        src, dest = moved[sha256]
        if src == root / sha256[:2] / sha256[2:4] / sha256 and not src.exists():
            shutil.move(dest, src)
            outcome.moved.remove((src, dest))


def _new_quarantine_folder() -> Path:
    stamp = f"{clock.aware_now().astimezone(clock.LOCAL):%Y%m%d-%H%M%S}"
    base = Path(current_app.instance_path) / QUARANTINE
    for n in range(1, 1000):
        folder = base / (stamp if n == 1 else f"{stamp}-{n}")
        try:
            folder.mkdir(parents=True)
            return folder
        except FileExistsError:
            continue
    raise OSError(f"cannot make a quarantine folder under {base}")


def last() -> dict | None:
    """The outcome of the last daily check, if one ran (``health.last_check``)."""
    return health.last_check()


def _indexed_keys(report: Report) -> set[str] | None:
    """The keys in the index; an empty set when there is no index folder (never built, or
    deleted), which the check must not create: the worker rebuilds a missing index whole."""
    if not index_exists():
        report.notes.append("Chưa có chỉ mục tìm kiếm; tiến trình nền sẽ lập lại toàn bộ.")
        return set()
    try:
        backend = open_index(create=False)
    except search.IndexUnavailable as exc:
        report.problems.append(f"Không mở được chỉ mục tìm kiếm: {exc}")
        return None
    try:
        return backend.keys()
    except search.IndexUnavailable as exc:
        report.problems.append(f"Không đọc được chỉ mục tìm kiếm: {exc}")
        return None
    finally:
        backend.close()
