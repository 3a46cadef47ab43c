"""Write the outbox in the same transaction as the change, from one SQLAlchemy hook.

Every flush that touches an indexed record (or what its index entry is made of) adds the keys to
rebuild; after the commit the worker is told there is work.
"""

from sqlalchemy import event, insert, select
from sqlalchemy.orm import Session

from intranet.documents.models import (
    Basis,
    Document,
    DocumentAudience,
    DocumentFile,
    FileVersion,
    PlanTask,
)
from intranet.exemplars.models import AwardLine, Evidence, Exemplar
from intranet.indexing.models import SearchOutbox
from intranet.propagation.models import Activity, Photo, Story


def _keys_for(obj, conn) -> set[str]:
    """The index keys whose entry depends on ``obj``."""
    if isinstance(obj, Document):
        return _document_keys(obj.id, conn)
    if isinstance(obj, DocumentAudience):  # who may see the document and its files
        return _document_keys(obj.document_id, conn)
    if isinstance(obj, (Basis, PlanTask)):
        return {f"document:{obj.document_id}"}
    if isinstance(obj, AwardLine):
        return {f"document:{obj.document_id}"}
    if isinstance(obj, DocumentFile):
        return {f"file:{obj.id}"}
    if isinstance(obj, FileVersion):
        return {f"file:{obj.file_id}"}
    if isinstance(obj, Exemplar):  # its stage and people decide who sees its evidence
        evidence = conn.execute(select(Evidence.id).where(Evidence.exemplar_id == obj.id))
        return {f"exemplar:{obj.id}"} | {f"evidence:{i}" for i in evidence.scalars()}
    if isinstance(obj, Evidence):
        return {f"evidence:{obj.id}"}
    if isinstance(obj, Story):
        return {f"story:{obj.id}"}
    if isinstance(obj, Photo):  # its caption is part of the story's entry
        return {f"story:{obj.story_id}"} if obj.story_id else set()
    if isinstance(obj, Activity):
        return {f"activity:{obj.id}"}
    return set()


def _document_keys(document_id: int, conn) -> set[str]:
    files = conn.execute(select(DocumentFile.id).where(DocumentFile.document_id == document_id))
    return {f"document:{document_id}"} | {f"file:{i}" for i in files.scalars()}


@event.listens_for(Session, "after_flush")
def _write_outbox(session: Session, _context) -> None:
    changed = [*session.new, *session.dirty, *session.deleted]
    if not changed:
        return
    conn = session.connection()
    keys: set[str] = set()
    for obj in changed:
        # Collections count: an audience row removed from a document is an orphan deleted by the
        # flush, never in session.deleted; only the document's changed collection shows it.
        if obj in session.dirty and not session.is_modified(obj):
            continue
        keys |= _keys_for(obj, conn)
    if keys:
        conn.execute(insert(SearchOutbox.__table__), [{"key": k} for k in sorted(keys)])
        session.info["outbox_written"] = True


@event.listens_for(Session, "after_commit")
def _notify_worker(session: Session) -> None:
    if session.info.pop("outbox_written", False):
        from intranet import tasks

        tasks.notify_index_work()


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, _previous) -> None:
    session.info.pop("outbox_written", None)
