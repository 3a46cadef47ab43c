"""A document's attachments: upload, new versions, trash, restore and purge."""

from intranet import clock, storage
from intranet.accounts.models import User
from intranet.documents.errors import DocumentError, Issued
from intranet.documents.models import Document, DocumentFile, FileVersion, Status
from intranet.domain import transaction
from intranet.extensions import db
from intranet.extensions import gettext as _


def attach(document: Document, uploads, user: User) -> list[DocumentFile]:
    """Store every upload and attach it; all of them or, on any failure, none.

    ``uploads`` are werkzeug FileStorage objects (or anything with .stream and .filename).
    """
    _check_open(document)
    uploads = [u for u in uploads if u and u.filename]
    if not uploads:
        raise DocumentError(_("Hãy chọn ít nhất một tệp."))
    added = []
    with transaction():
        for upload in uploads:
            try:
                stored, name = storage.save(upload.stream, upload.filename)
            except storage.StorageError as exc:
                name = _shown_name(upload.filename)
                raise DocumentError(f"{name}: {exc}" if name else str(exc)) from exc
            doc_file = DocumentFile(document=document)
            doc_file.versions.append(
                FileVersion(number=1, stored=stored, original_name=name, uploaded_by=user)
            )
            db.session.add(doc_file)
            added.append(doc_file)
    return added


def _check_open(document: Document) -> None:
    """The files of an issued document are part of the record: none added, replaced, trashed."""
    if document.issued:
        raise Issued(document)


def _shown_name(name: str) -> str:
    """The name as the store would keep it: never a control or bidi character in a message."""
    try:
        return storage.clean_name(name)
    except storage.StorageError:
        return ""


def add_version(doc_file: DocumentFile, upload, user: User) -> FileVersion:
    """A new file for an attachment: a new version; every earlier one is kept."""
    _check_open(doc_file.document)
    if not upload or not upload.filename:
        raise DocumentError(_("Hãy chọn tệp cho phiên bản mới."))
    with transaction():
        try:
            stored, name = storage.save(upload.stream, upload.filename)
        except storage.StorageError as exc:
            raise DocumentError(str(exc)) from exc
        if stored.id is not None and stored.id == doc_file.current.stored_file_id:
            raise DocumentError(_("Tệp này giống hệt phiên bản hiện tại; không có gì thay đổi."))
        version = FileVersion(
            number=doc_file.current.number + 1,
            stored=stored,
            original_name=name,
            uploaded_by=user,
        )
        doc_file.versions.append(version)
    return version


def trash(doc_file: DocumentFile, user: User) -> None:
    _check_open(doc_file.document)
    with transaction():
        doc_file.deleted_at = clock.now()
        doc_file.deleted_by_id = user.id


def restore(doc_file: DocumentFile) -> None:
    with transaction():
        doc_file.deleted_at = None
        doc_file.deleted_by_id = None


def purge(doc_file: DocumentFile) -> None:
    """Remove for good an attachment in the trash, and its contents no other record uses."""
    with transaction():
        if doc_file.deleted_at is None:
            raise DocumentError(_("Chỉ xoá hẳn được tệp đã ở trong thùng rác."))
        stored = [v.stored for v in doc_file.versions]
        db.session.delete(doc_file)
        db.session.flush()
        for blob in stored:
            storage.purge_if_unreferenced(blob)


def note_download(version: FileVersion, verb: str) -> None:
    """A file of a document not published to all staff: its download goes to the audit trail.

    Pages and API call this, so every way to a restricted file leaves the same trace.
    """
    from intranet import audit

    document = version.file.document
    if document.status == Status.PUBLISHED and document.audience_all:
        return
    summary = f"{verb} tệp {version.original_name} của văn bản {document.symbol}"
    audit.record("download", "file_version", version.id, summary)
