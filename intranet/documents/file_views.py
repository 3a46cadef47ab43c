"""Pages for a document's files: upload, versions, download, preview, trash."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from intranet import storage
from intranet.accounts.permissions import MANAGES_TRASH, role_required
from intranet.documents import access, bp, files, queries
from intranet.documents.errors import DocumentError
from intranet.documents.models import Document
from intranet.extensions import gettext as _

PREVIEWABLE = {"pdf", "png", "jpeg"}


def _back(document: Document):
    return redirect(url_for("documents.detail", document_id=document.id))


def _wants_json() -> bool:
    # The upload script asks for JSON so it can show the message beside the progress bar.
    return request.accept_mimetypes.best == "application/json"


@bp.post("/<int:document_id>/files")
@login_required
def upload(document_id: int):
    document = access.get_for("manage_files", document_id, current_user)
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


def _file_for(action: str, file_id: int):
    """An attachment the reader may see (else NotFound), whose document they may ``action``."""
    doc_file = access.get_file_or_404(file_id, current_user)
    access.require(current_user, action, doc_file.document)
    return doc_file


@bp.post("/files/<int:file_id>/versions")
@login_required
def add_version(file_id: int):
    doc_file = _file_for("manage_files", file_id)
    try:
        version = files.add_version(doc_file, request.files.get("file"), current_user)
        flash(_("Đã thêm phiên bản %(n)d.", n=version.number), "success")
    except DocumentError as exc:
        flash(str(exc), "danger")
    return _back(doc_file.document)


@bp.post("/files/<int:file_id>/delete")
@login_required
def trash(file_id: int):
    doc_file = _file_for("manage_files", file_id)
    files.trash(doc_file, current_user)
    flash(_("Đã chuyển tệp vào thùng rác; quản trị có thể khôi phục."), "success")
    return _back(doc_file.document)


@bp.get("/files/v/<int:version_id>/download")
@login_required
def download(version_id: int):
    version = access.get_version_or_404(version_id, current_user)
    files.note_download(version, "Tải về")
    return storage.send(version.stored, version.original_name)


@bp.get("/files/v/<int:version_id>/preview")
@login_required
def preview(version_id: int):
    version = access.get_version_or_404(version_id, current_user)
    files.note_download(version, "Xem")
    if version.stored.type_code not in PREVIEWABLE:
        return storage.send(version.stored, version.original_name)
    return storage.send(version.stored, version.original_name, preview=True)


@bp.get("/trash")
@role_required(*MANAGES_TRASH)
def trash_list():
    return render_template("documents/trash.html", rows=queries.trashed_files())


@bp.post("/trash/<int:file_id>/restore")
@role_required(*MANAGES_TRASH)
def trash_restore(file_id: int):
    doc_file = queries.file_or_404(file_id)
    files.restore(doc_file)
    flash(_("Đã khôi phục tệp %(n)s.", n=doc_file.current.original_name), "success")
    return redirect(url_for("documents.trash_list"))


@bp.post("/trash/<int:file_id>/purge")
@role_required(*MANAGES_TRASH)
def trash_purge(file_id: int):
    doc_file = queries.file_or_404(file_id)
    name = doc_file.current.original_name
    try:
        files.purge(doc_file)
        flash(_("Đã xoá hẳn tệp %(n)s.", n=name), "success")
    except DocumentError as exc:
        flash(str(exc), "danger")
    return redirect(url_for("documents.trash_list"))
