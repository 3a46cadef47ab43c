"""The worker's side: apply the outbox to the index, extract text, rebuild everything.

Only the worker writes its host's index (one writer per host). When the index cannot be written,
the log is left as it is and the next run catches up. Several hosts on one database each keep
their own index and follow the same log; a file's text is extracted once, by one of them.
"""

import contextlib
import json
import logging
import os
import time
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, or_, select, text, update

from intranet import clock, search, storage
from intranet.domain import transaction
from intranet.extensions import db
from intranet.extraction import extract, extract_many, settings_from
from intranet.indexing import records
from intranet.indexing.models import ExtractedText, IndexHost, SearchOutbox
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
    """Apply this host's pending index changes, oldest first; returns how many entries applied.

    The outbox is a log shared by every host: this index applies the entries after its cursor,
    then moves the cursor (a file beside the index, then its ``index_host`` row) and prunes
    what every host has applied. With one host, as before, applied entries go at once.
    """
    if not index_exists():
        # A new index, or one deleted: the outbox alone would leave out every older record.
        return reindex()
    cursor = _start_cursor()
    if cursor is None:  # the log has moved on without this index: build it whole
        return reindex()
    done = 0
    backend = None
    try:
        while limit is None or done < limit:
            sequence()
            rows = db.session.execute(
                select(SearchOutbox.seq, SearchOutbox.key)
                .where(SearchOutbox.seq > cursor)
                .order_by(SearchOutbox.seq)
                .limit(BATCH)
            ).all()
            if not rows:
                break
            if backend is None:
                backend = open_index()
            with transaction():
                _apply(backend, sorted({key for _, key in rows}))  # the index commits here
                cursor = rows[-1][0]
                _write_cursor(cursor)  # then the cursor: after a crash it may lag, never lead
                _mark_applied(cursor)
            done += len(rows)
    finally:
        if backend is not None:
            backend.close()
    if not done:
        seen()
    return done


# -- the log: its order, each host's place in it, its pruning --------------------------------

# PostgreSQL's advisory locks are one set for the whole database: each key is named by the
# schema as well, so two archives (or two test processes) in one database never share a lock.
# Only one worker gives places in the log at a time (a lock until its commit); one extracts a file.
SEQUENCE_LOCK = "hashtextextended(current_schema() || '/index-log', 0)"
EXTRACT_LOCK = "hashtextextended(current_schema() || '/extract/' || :id, 0)"
SEEN_EVERY = timedelta(minutes=10)  # how stale a host's "seen" may be before it is written


def host() -> str:
    from intranet.once import host_name

    return host_name()


def _postgresql() -> bool:
    return db.engine.dialect.name == "postgresql"


def sequence() -> None:
    """Give the committed entries without a place the next places in the log, in one statement
    (one snapshot) and, on PostgreSQL, under a lock held to the commit: an entry committed late
    gets a later place, so a host that has read up to a place has missed nothing before it.
    Places only grow: past the last given, or the last a host applied (pruned entries')."""
    with transaction():
        if _postgresql():
            db.session.execute(text(f"SELECT pg_advisory_xact_lock({SEQUENCE_LOCK})"))
        db.session.execute(
            text(
                "UPDATE search_outbox SET seq = id + 1"
                " + (SELECT coalesce(max(top), 0) FROM ("
                "    SELECT max(seq) AS top FROM search_outbox"
                "    UNION ALL SELECT max(applied_seq) FROM index_host) AS tops)"
                " - (SELECT min(id) FROM search_outbox WHERE seq IS NULL)"
                " WHERE seq IS NULL"
            )
        )


def _cursor_path() -> str:
    """``INDEX_FOLDER/applied-tantivy-v3.json``: beside the versioned index folder it tells of."""
    config = current_app.config
    index = search.index_path(config["SEARCH_BACKEND"], config["INDEX_FOLDER"])
    return os.path.join(config["INDEX_FOLDER"], f"applied-{os.path.basename(index)}.json")


def _read_cursor() -> int | None:
    try:
        with open(_cursor_path(), encoding="utf-8") as fh:
            return int(json.load(fh)["applied_seq"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("unreadable index cursor %s; the index is rebuilt", _cursor_path())
        return -1


def _write_cursor(seq: int) -> None:
    """Atomically: a temporary file in the same folder, synced, renamed, the folder synced."""
    path = _cursor_path()
    folder = os.path.dirname(path)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump({"applied_seq": seq, "host": host()}, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _drop_cursor() -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(_cursor_path())


def _start_cursor() -> int | None:
    """Where this index resumes in the log; None when it must be rebuilt.

    The cursor file travels with the index (a copy restored, a folder moved); the host's row
    says what pruning may remove. An index older than its row may miss pruned entries.
    """
    row = db.session.get(IndexHost, host())
    applied = _read_cursor()
    if row is None:
        # No row: the one index from before the log (its outbox holds exactly what it lacks,
        # and no host has pruned it since), or an index copied or left from elsewhere.
        alone = db.session.execute(select(IndexHost.name).limit(1)).first() is None
        return 0 if applied is None and alone else None
    if row.applied_seq is None or applied is None or applied < row.applied_seq:
        return None
    return applied


def _mark_applied(seq: int) -> None:
    """In the caller's transaction: this host's row at ``seq``, then the prune."""
    row = db.session.get(IndexHost, host())
    if row is None:
        row = IndexHost(name=host())
        db.session.add(row)
    row.applied_seq, row.seen_at = seq, clock.now()
    db.session.flush()
    prune()


def seen() -> bool:
    """An idle host is still alive: its row's "seen" is refreshed now and then. False when the
    host has no place in the log (forgotten, or a restore): its index must be rebuilt."""
    row = db.session.get(IndexHost, host())
    known = row is not None and row.applied_seq is not None
    if known and row.seen_at < clock.now() - SEEN_EVERY:
        with transaction():
            row.seen_at = clock.now()
    db.session.rollback()
    return known


def prune() -> int:
    """Remove the entries every live host has applied; a host unseen for HOST_FORGET_DAYS is
    forgotten (it rebuilds its index when it comes back), so it does not hold the log forever."""
    days = current_app.config.get("HOST_FORGET_DAYS", 7)
    cutoff = clock.now() - timedelta(days=days)
    db.session.execute(
        update(IndexHost)
        .where(IndexHost.seen_at < cutoff, IndexHost.applied_seq.is_not(None))
        .values(applied_seq=None)
    )
    floor = db.session.execute(
        select(func.min(IndexHost.applied_seq)).where(IndexHost.applied_seq.is_not(None))
    ).scalar()
    if floor is None:
        return 0
    return db.session.execute(delete(SearchOutbox).where(SearchOutbox.seq <= floor)).rowcount


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


def _pending_query(columns):
    applied = _read_cursor() if index_exists() else None
    query = select(*columns)
    if applied:
        query = query.where(or_(SearchOutbox.seq.is_(None), SearchOutbox.seq > applied))
    return query


def pending() -> int:
    """The log entries this host's index has not applied yet."""
    return db.session.execute(_pending_query([func.count(SearchOutbox.id)])).scalar_one()


def pending_keys() -> set[str]:
    return set(db.session.execute(_pending_query([SearchOutbox.key])).scalars())


def forget_failed_extractions() -> None:
    """Let files whose extraction failed or timed out be tried again."""
    with transaction():
        db.session.execute(
            delete(ExtractedText).where(ExtractedText.status.in_(["failed", "timeout"]))
        )


def extract_pending(limit: int = 50) -> int:
    """Extract the text of stored files that have none yet, or whose retry is due; queue
    their records. Returns how many files were tried.

    On PostgreSQL, where several hosts' workers may look at once, each file is claimed (a lock
    held until its text is kept): a file is read by one worker, the others take the next ones.
    """
    with contextlib.ExitStack() as stack:
        files = _to_extract(limit)
        if files and _postgresql():
            files = _claimed(files, stack)
        # Read on the pool's children at once; kept a few at a time, a transaction for each
        # group (not one per file): a burst of uploads is searchable sooner, a crash loses little.
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


def _to_extract(limit: int, among: list[int] | None = None) -> list[StoredFile]:
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
    if among is not None:
        query = query.where(StoredFile.id.in_(among))
    return list(db.session.execute(query).scalars())


def _claimed(files: list[StoredFile], stack: contextlib.ExitStack) -> list[StoredFile]:
    """The files this worker could lock (on a connection of its own, held until ``stack``
    closes), still without their text once locked (another worker may have just kept it)."""
    conn = stack.enter_context(db.engine.connect())
    stack.enter_context(conn.begin())
    mine = [
        stored.id
        for stored in files
        if conn.execute(
            text(f"SELECT pg_try_advisory_xact_lock({EXTRACT_LOCK})"), {"id": str(stored.id)}
        ).scalar()
    ]
    if not mine:
        return []
    db.session.rollback()  # a fresh look: what another worker kept before its lock went
    return _to_extract(len(mine), among=mine)


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


def forget_hosts() -> None:
    """After a restore: the log and the hosts' places are the backup's, older than every host's
    index; with no row, each host finds its index unknown and rebuilds it."""
    with transaction():
        db.session.execute(delete(IndexHost))


def reindex(progress=None) -> int:
    """Rebuild the whole index from the database; ``progress(n)`` is called as records go in.

    The entries placed in the log before the rebuild are in it: this host's row says so first
    (other hosts may prune them meanwhile), the cursor is dropped until the rebuild is done, so
    a crash midway rebuilds again. Later entries are applied after.
    """
    backend = open_index()
    try:
        sequence()
        with transaction():
            last = db.session.execute(select(func.max(SearchOutbox.seq))).scalar() or 0
            _drop_cursor()
            _mark_applied(last)
        backend.clear()
        keys = records.all_keys()
        with transaction():
            for start in range(0, len(keys), REINDEX_BATCH):
                chunk = keys[start : start + REINDEX_BATCH]
                _apply(backend, chunk)
                if progress:
                    progress(len(chunk))
            _write_cursor(last)
            _mark_applied(last)
        return len(keys)
    finally:
        backend.close()
