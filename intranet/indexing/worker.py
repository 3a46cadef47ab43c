"""The worker's side: apply the outbox to the index, extract text, rebuild everything.

Only the worker writes the index (one writer). When the index cannot be written, the outbox is
left as it is and the next run catches up.
"""

import logging
import os
import time
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, or_, select

from intranet import clock, search, storage
from intranet.domain import transaction
from intranet.extensions import db
from intranet.extraction import extract, extract_many, settings_from
from intranet.indexing import records
from intranet.indexing.models import ExtractedText, SearchOutbox
from intranet.storage.models import StoredFile

log = logging.getLogger(__name__)
BATCH = 200
# Extractions kept in one transaction: this many files, or what a second of reading gave.
KEEP_GROUP, KEEP_SECONDS = 20, 1.0
REINDEX_BATCH = 1_000  # records a commit in a full rebuild: the writer's bulk heap and threads
# A failure that may pass (a timeout under load, a reader killed) is tried again after these
# minutes, one wait per retry (config EXTRACTION_RETRY_MINUTES); after the last it is final.
RETRY_MINUTES = (1, 5, 25)


def index_exists() -> bool:
    """Whether anything is at the index's path (it may still be unreadable). The path is the
    backend's versioned subfolder: after a schema upgrade the worker rebuilds the index whole."""
    config = current_app.config
    folder = config["INDEX_FOLDER"]
    if os.path.exists(folder) and not os.path.isdir(folder):
        return True  # something unusable is in its place: unreadable, not missing
    return os.path.exists(search.index_path(config["SEARCH_BACKEND"], folder))


def open_index(create: bool = True) -> search.Backend:
    """The configured backend on the configured folder (raises IndexUnavailable).

    Readers pass ``create=False``: a missing folder (deleted, or never built) is unavailable, not
    empty, so that search says it is degraded and the worker knows to rebuild it whole.
    """
    if not create and not index_exists():
        raise search.IndexUnavailable(f"no search index in {current_app.config['INDEX_FOLDER']}")
    return search.open_backend(
        current_app.config["SEARCH_BACKEND"], current_app.config["INDEX_FOLDER"]
    )


def reader_index() -> search.Backend:
    """This process's long-lived backend for searching (raises IndexUnavailable).

    A missing index is unavailable, as for ``open_index(create=False)``; the backend is never
    closed by the caller (see ``search.shared_backend``).
    """
    if not index_exists():
        forget_reader_index()
        raise search.IndexUnavailable(f"no search index in {current_app.config['INDEX_FOLDER']}")
    return search.shared_backend(
        current_app.config["SEARCH_BACKEND"], current_app.config["INDEX_FOLDER"]
    )


def forget_reader_index() -> None:
    search.forget_shared(current_app.config["SEARCH_BACKEND"], current_app.config["INDEX_FOLDER"])


def process_outbox(limit: int | None = None) -> int:
    """Apply pending index changes, oldest first; returns how many keys were applied."""
    if not index_exists():
        # A new index, or one deleted: the outbox alone would leave out every older record.
        return reindex()
    done = 0
    backend = None
    try:
        while limit is None or done < limit:
            rows = db.session.execute(
                select(SearchOutbox.id, SearchOutbox.key).order_by(SearchOutbox.id).limit(BATCH)
            ).all()
            if not rows:
                break
            if backend is None:
                backend = open_index()
            with transaction():
                _apply(backend, sorted({key for _, key in rows}))
                # Only the rows read are removed: a change that came meanwhile stays for next time.
                db.session.execute(
                    delete(SearchOutbox).where(SearchOutbox.id.in_([i for i, _ in rows]))
                )
            done += len(rows)
    finally:
        if backend is not None:
            backend.close()
    return done


def _apply(backend: search.Backend, keys: list[str]) -> None:
    built, gone = [], []
    for key in keys:
        try:
            record = records.build(key)
        except Exception:
            # One broken record must not stall the queue: it is logged, left out of the index,
            # and `check` reports it as missing until it is mended.
            log.exception("could not build the index entry of %s", key)
            db.session.rollback()  # forget the broken record's state; the batch goes on
            continue
        (built if record is not None else gone).append(record or key)
    backend.apply(built, gone)  # one commit for the whole batch


def pending() -> int:
    return db.session.execute(select(func.count(SearchOutbox.id))).scalar_one()


def forget_failed_extractions() -> None:
    """Let files whose extraction failed or timed out be tried again."""
    with transaction():
        db.session.execute(
            delete(ExtractedText).where(ExtractedText.status.in_(["failed", "timeout"]))
        )


def extract_pending(limit: int = 50) -> int:
    """Extract the text of stored files that have none yet, or whose retry is due; queue
    their records. Returns how many files were tried."""
    query = (
        select(StoredFile)
        .outerjoin(ExtractedText, ExtractedText.stored_file_id == StoredFile.id)
        .where(
            or_(
                ExtractedText.stored_file_id.is_(None),
                ExtractedText.retry_at <= clock.now(),
            )
        )
        .order_by(StoredFile.id)
        .limit(limit)
    )
    files = db.session.execute(query).scalars().all()
    # Read on the pool's children at once; kept a few at a time, a transaction for each group
    # (not one per file): a burst of uploads is searchable sooner, and a crash loses little.
    jobs = [(storage.path_for(stored), stored.type_code) for stored in files]
    results = extract_many(jobs, **settings_from(current_app.config))
    done, since = [], time.monotonic()
    for stored, result in zip(files, results, strict=True):
        done.append((stored, result))
        if len(done) >= KEEP_GROUP or time.monotonic() - since >= KEEP_SECONDS:
            _keep_all(done)
            done, since = [], time.monotonic()
    _keep_all(done)
    return len(files)


def _keep_all(done: list) -> None:
    if done:
        with transaction():
            for stored, result in done:
                _keep(stored, result)


def retry_delays() -> tuple[float, ...]:
    """The waits, in minutes, before each retry of a failure that may pass."""
    setting = current_app.config.get("EXTRACTION_RETRY_MINUTES", RETRY_MINUTES)
    if isinstance(setting, str):
        setting = [part for part in setting.replace(",", " ").split() if part]
    return tuple(float(minutes) for minutes in setting)


def extract_file(stored: StoredFile) -> ExtractedText:
    """Read the text of one stored file in a capped child process, keep it, requeue its users.

    The stored type code says what the content is (the blob's own name is its hash). A failure
    that may pass is kept with its reason and tried again later, up to ``retry_delays()``.
    """
    result = extract(
        storage.path_for(stored), stored.type_code, **settings_from(current_app.config)
    )
    with transaction():
        return _keep(stored, result)


def _keep(stored: StoredFile, result) -> ExtractedText:
    """Keep one file's extraction (in the caller's transaction) and queue the records using it."""
    row = db.session.get(ExtractedText, stored.id)
    attempts = row.attempts + 1 if row is not None and row.retry_at is not None else 1
    row = row or ExtractedText(stored_file_id=stored.id)
    row.status, row.text = result.status, result.text
    row.method, row.message = result.method, result.message[:200]
    row.extracted_at, row.attempts = clock.now(), attempts
    delays = retry_delays()
    if result.may_pass and attempts <= len(delays):
        row.retry_at = clock.now() + timedelta(minutes=delays[attempts - 1])
        log.info(
            "extraction of stored file %s: %s (try %s), again at %s",
            stored.id,
            result.status,
            attempts,
            row.retry_at,
        )
    else:
        row.retry_at = None
    db.session.add(row)
    for key in records.keys_using_file(stored.id):
        db.session.add(SearchOutbox(key=key))
    return row


def reindex(progress=None) -> int:
    """Rebuild the whole index from the database; ``progress(n)`` is called as records go in."""
    backend = open_index()
    # Changes queued before the rebuild are in it; later ones stay queued.
    last = db.session.execute(select(func.max(SearchOutbox.id))).scalar() or 0
    try:
        backend.clear()
        keys = records.all_keys()
        with transaction():
            for start in range(0, len(keys), REINDEX_BATCH):
                chunk = keys[start : start + REINDEX_BATCH]
                _apply(backend, chunk)
                if progress:
                    progress(len(chunk))
            db.session.execute(delete(SearchOutbox).where(SearchOutbox.id <= last))
        return len(keys)
    finally:
        backend.close()
