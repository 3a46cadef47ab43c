"""Pages for a document's files: upload, versions, download, preview, trash."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from intranet import storage
from intranet.accounts.permissions import MANAGES_TRASH, role_required
from intranet.documents import access, files
from intranet.documents.errors import DocumentError
from intranet.documents.models import Document, DocumentFile, FileVersion
from intranet.documents.views import bp
from intranet.extensions import db

PREVIEWABLE = {"pdf", "png", "jpeg"}


def _back(document: Document):
    return redirect(url_for("documents.detail", document_id=document.id))


def _wants_json() -> bool:
    # The upload script asks for JSON so it can show the message beside the progress bar.
    return request.accept_mimetypes.best == "application/json"


@bp.post("/<int:document_id>/files")
@login_required
def upload(document_id: int):
    document = access.get_visible_or_404(document_id, current_user)
    if not access.may_manage_files(current_user, document):
        abort(403)
    try:
        added = files.attach(document, request.files.getlist("files"), current_user)
    except DocumentError as exc:
        if _wants_json():
            return {"ok": False, "message": str(exc)}, 422
        flash(str(exc), "danger")
        return _back(document)
    message = _("Đã tải lên %(n)d tệp.", n=len(added))
    if _wants_json():
        return {"ok": True, "message": message}
    flash(message, "success")
    return _back(document)


def _visible_file(file_id: int) -> DocumentFile:
    """The attachment, when its document is visible to the reader and it is not in the trash."""
    doc_file = db.session.execute(
        select(DocumentFile)
        .join(Document, DocumentFile.document_id == Document.id)
        .where(
            DocumentFile.id == file_id,
            DocumentFile.deleted_at.is_(None),
            access.visible_condition(current_user),
        )
    ).scalar()
    if doc_file is None:
        abort(404)
    return doc_file


@bp.post("/files/<int:file_id>/versions")
@login_required
def add_version(file_id: int):
    doc_file = _visible_file(file_id)
    if not access.may_manage_files(current_user, doc_file.document):
        abort(403)
    try:
        version = files.add_version(doc_file, request.files.get("file"), current_user)
        flash(_("Đã thêm phiên bản %(n)d.", n=version.number), "success")
    except DocumentError as exc:
        flash(str(exc), "danger")
    return _back(doc_file.document)


@bp.post("/files/<int:file_id>/delete")
@login_required
def trash(file_id: int):
    doc_file = _visible_file(file_id)
    if not access.may_manage_files(current_user, doc_file.document):
        abort(403)
    files.trash(doc_file, current_user)
    flash(_("Đã chuyển tệp vào thùng rác; quản trị có thể khôi phục."), "success")
    return _back(doc_file.document)


def _visible_version(version_id: int) -> FileVersion:
    version = db.session.get(FileVersion, version_id)
    if version is None:
        abort(404)
    _visible_file(version.file_id)  # 404 unless the reader may open its document
    return version


@bp.get("/files/v/<int:version_id>/download")
@login_required
def download(version_id: int):
    version = _visible_version(version_id)
    files.note_download(version, "Tải về")
    return storage.send(version.stored, version.original_name)


@bp.get("/files/v/<int:version_id>/preview")
@login_required
def preview(version_id: int):
    version = _visible_version(version_id)
    files.note_download(version, "Xem")
    if version.stored.type_code not in PREVIEWABLE:
        return storage.send(version.stored, version.original_name)
    return storage.send(version.stored, version.original_name, preview=True)


@bp.get("/trash")
@role_required(*MANAGES_TRASH)
def trash_list():
    rows = (
        db.session.execute(
            select(DocumentFile)
            .where(DocumentFile.deleted_at.is_not(None))
            .order_by(DocumentFile.deleted_at.desc())
        )
        .scalars()
        .all()
    )
    return render_template("documents/trash.html", rows=rows)


@bp.post("/trash/<int:file_id>/restore")
@role_required(*MANAGES_TRASH)
def trash_restore(file_id: int):
    doc_file = db.get_or_404(DocumentFile, file_id)
    files.restore(doc_file)
    flash(_("Đã khôi phục tệp %(n)s.", n=doc_file.current.original_name), "success")
    return redirect(url_for("documents.trash_list"))


@bp.post("/trash/<int:file_id>/purge")
@role_required(*MANAGES_TRASH)
def trash_purge(file_id: int):
    doc_file = db.get_or_404(DocumentFile, file_id)
    name = doc_file.current.original_name
    try:
        files.purge(doc_file)
        flash(_("Đã xoá hẳn tệp %(n)s.", n=name), "success")
    except DocumentError as exc:
        flash(str(exc), "danger")
    return redirect(url_for("documents.trash_list"))
