"""Keep the blobs in step with the transaction that records them: no stray file, no lost file.

``save()`` writes a blob before its row is committed; ``purge_if_unreferenced()`` deletes a row
before its blob goes. What happens to the bytes is decided when the session's transaction ends:

- a blob created in a transaction that rolls back (or is closed without commit) is deleted,
  unless a committed ``stored_file`` row with that hash exists (another request saved the same
  content meanwhile);
- a blob whose row was purged is deleted only once that delete is committed, and only if no row
  with that hash exists by then (the same content may have been uploaded again).

The hooks hang on the session of ``db`` only, so every caller of ``save()`` gets this for free.
A hook never raises: when the database cannot be asked, the blob is kept (``stray_blobs()``
finds it later) rather than risk deleting a file a row names.

Known gap: two requests saving the same new content at the same moment, one rolling back just
before the other commits, can leave the committed row without its blob; ``missing_blobs()``
reports it and the next upload of that content restores it.
"""

import logging
from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, SessionTransaction

from intranet.extensions import db
from intranet.storage.models import StoredFile

log = logging.getLogger(__name__)

NEW_BLOBS = "storage.new_blobs"
DOOMED_BLOBS = "storage.doomed_blobs"


def remember_new_blob(session: Session, sha256: str, path: Path) -> None:
    """Note a blob this session created, to be deleted if its row is never committed."""
    # The innermost savepoint too: if that one rolls back, so does the blob.
    savepoint = session.get_nested_transaction()
    session.info.setdefault(NEW_BLOBS, []).append((sha256, path, savepoint))


def remove_on_commit(session: Session, sha256: str, path: Path) -> None:
    """Note a blob whose row this session deleted, to be deleted once that is committed."""
    session.info.setdefault(DOOMED_BLOBS, []).append((sha256, path, None))


def _committed_hashes(session: Session, hashes: set[str]) -> set[str]:
    # A connection of its own: the session's transaction is over (or failed), and only rows that
    # other transactions can see are a reason to keep a blob.
    engine = session.get_bind(mapper=StoredFile)
    with engine.connect() as conn:
        query = select(StoredFile.sha256).where(StoredFile.sha256.in_(hashes))
        return set(conn.execute(query).scalars())


def _remove_unowned(session: Session, blobs: list[tuple[str, Path, object]]) -> None:
    try:
        owned = _committed_hashes(session, {sha256 for sha256, _path, _sp in blobs})
    except SQLAlchemyError:
        log.exception("file store: cannot check %d blob(s); they are kept", len(blobs))
        return
    for sha256, path, _savepoint in blobs:
        if sha256 not in owned:
            _unlink(path)


def _unlink(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        log.exception("file store: cannot remove %s", path)


def _inside(savepoint: SessionTransaction | None, ended: SessionTransaction) -> bool:
    while savepoint is not None:
        if savepoint is ended:
            return True
        savepoint = savepoint.parent
    return False


@event.listens_for(db.session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint was released: the outer transaction may still roll back
    session.info.pop(NEW_BLOBS, None)
    doomed = session.info.pop(DOOMED_BLOBS, None)
    if doomed:
        _remove_unowned(session, doomed)


@event.listens_for(db.session, "after_soft_rollback")
def _after_soft_rollback(session: Session, previous: SessionTransaction) -> None:
    # Only a savepoint is handled here; the outermost transaction in _after_transaction_end,
    # which also runs when a session is closed without a rollback.
    new = session.info.get(NEW_BLOBS)
    if not (previous.nested and new):
        return
    # A blob created inside the savepoint did not exist when it began: put the disk back as it
    # was then. The session cannot be queried here (the savepoint's context may still be open).
    for _sha256, path, savepoint in new:
        if _inside(savepoint, previous):
            _unlink(path)
    session.info[NEW_BLOBS] = [entry for entry in new if not _inside(entry[2], previous)]


@event.listens_for(db.session, "after_transaction_end")
def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None:
        return
    session.info.pop(DOOMED_BLOBS, None)  # a purge that was not committed did not happen
    new = session.info.pop(NEW_BLOBS, None)  # still here: the transaction was not committed
    if new:
        _remove_unowned(session, new)
