"""The archive's self-check: every file against its hash, every row against its file, files with
no row, the search index against the database, and the audit trail's hash chain. Used by
``flask check`` and the worker."""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from intranet import audit, clock, health, search, storage
from intranet.extensions import db
from intranet.indexing import records
from intranet.indexing.models import SearchOutbox
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
    """The audit trail's hash chain: no entry removed, altered or cut off the end."""
    try:
        report.problems.extend(audit.verify_chain())
        seq, last_hash = audit.head()
    except SQLAlchemyError as exc:
        db.session.rollback()
        report.problems.append(f"Không đọc được nhật ký hệ thống: {exc.__class__.__name__}")
        return
    if seq:
        # Written down elsewhere, this line also shows a trail rewritten whole since then.
        report.notes.append(f"Nhật ký: {seq} mục, mã băm cuối {last_hash[:16]}.")


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
    pending = set(db.session.execute(select(SearchOutbox.key)).scalars())
    expected = set(records.all_keys())
    for key in sorted(expected - indexed - pending):
        report.problems.append(f"Chưa có trong chỉ mục: {key}")
    for key in sorted(indexed - expected - pending):
        report.problems.append(f"Chỉ mục có mục không còn bản ghi: {key}")
    if pending:
        report.notes.append(f"{len(pending)} thay đổi đang chờ cập nhật chỉ mục.")


def run_and_keep() -> Report:
    """Run the checks and keep the outcome in instance/ for the admin's page."""
    report = run()
    health.keep(
        {
            "at": clock.aware_now().isoformat(timespec="seconds"),
            "ok": report.ok,
            "summary": report.summary(),
            "problems": report.problems[:50],
        }
    )
    storage.faults.clear()  # this check looked at every file again
    return report


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
