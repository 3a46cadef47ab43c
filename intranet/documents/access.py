"""Who may see and change a document: one rule for pages, files, search and the API."""

from flask import abort
from sqlalchemy import exists, false, or_, select

from intranet.accounts.permissions import publishes, reads_everything
from intranet.documents.models import (
    Document,
    DocumentAudience,
    DocumentFile,
    FileVersion,
    Status,
)
from intranet.extensions import db


def visible_condition(user):
    """A SQL condition on Document: the documents ``user`` may open."""
    if not user.is_authenticated:
        return false()
    if reads_everything(user):
        return Document.deleted_at.is_(None)
    in_audience = exists().where(
        DocumentAudience.document_id == Document.id,
        or_(
            DocumentAudience.unit_id == user.unit_id,
            DocumentAudience.role.in_([r.value for r in user.roles]),
        ),
    )
    return (
        Document.deleted_at.is_(None)
        & (Document.status != Status.DRAFT)
        & or_(Document.audience_all, in_audience)
    )


def visible_documents(user):
    return select(Document).where(visible_condition(user))


def get_visible_or_404(document_id: int, user) -> Document:
    """The document, or 404 — the same answer for a missing one and one the user may not see."""
    return db.one_or_404(visible_documents(user).where(Document.id == document_id))


def may_edit(user, document: Document) -> bool:
    return publishes(user) and document.status == Status.DRAFT


def may_manage_files(user, document: Document) -> bool:
    """Files may be added, replaced by a new version or trashed until a document is retired."""
    return publishes(user) and document.status in (Status.DRAFT, Status.PUBLISHED)


def require_publisher(user) -> None:
    if not publishes(user):
        abort(403)


def get_file_or_404(file_id: int, user) -> DocumentFile:
    """An attachment not in the trash, of a document the reader may open; else 404."""
    return db.one_or_404(
        select(DocumentFile)
        .join(Document, DocumentFile.document_id == Document.id)
        .where(
            DocumentFile.id == file_id,
            DocumentFile.deleted_at.is_(None),
            visible_condition(user),
        )
    )


def get_version_or_404(version_id: int, user) -> FileVersion:
    """A version of an attachment the reader may open (see get_file_or_404); else 404."""
    return db.one_or_404(
        select(FileVersion)
        .join(DocumentFile, FileVersion.file_id == DocumentFile.id)
        .join(Document, DocumentFile.document_id == Document.id)
        .where(
            FileVersion.id == version_id,
            DocumentFile.deleted_at.is_(None),
            visible_condition(user),
        )
    )
