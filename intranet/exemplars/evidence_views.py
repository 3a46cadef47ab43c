"""Pages for evidence files: upload, review, removal, download and preview."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from intranet import storage
from intranet.exemplars import access, bp, services
from intranet.exemplars.forms import EvidenceForm, ReviewForm

PREVIEWABLE = {"pdf", "png", "jpeg"}


def _back(exemplar_id: int):
    return redirect(url_for("exemplars.detail", exemplar_id=exemplar_id) + "#minh-chung")


@bp.post("/<int:exemplar_id>/evidence")
@login_required
def add_evidence(exemplar_id: int):
    exemplar = access.get_visible_or_404(exemplar_id, current_user)
    form = EvidenceForm()
    if not form.validate():
        return _form_failed(form, exemplar.id)
    try:
        services.add_evidence(
            exemplar,
            request.files.get("file"),
            current_user,
            form.title.data or "",
            form.evidence_date.data,
            form.description.data or "",
        )
    except services.ExemplarError as exc:
        if request.accept_mimetypes.best == "application/json":
            return {"ok": False, "message": str(exc)}, 422
        flash(str(exc), "danger")
        return _back(exemplar.id)
    message = _("Đã tải lên minh chứng.")
    if request.accept_mimetypes.best == "application/json":
        return {"ok": True, "message": message}
    flash(message, "success")
    return _back(exemplar.id)


def _form_failed(form, exemplar_id: int):
    messages = [str(e) for errors in form.errors.values() for e in errors]
    if request.accept_mimetypes.best == "application/json":
        return {"ok": False, "message": " ".join(messages)}, 422
    for message in messages:
        flash(message, "danger")
    return _back(exemplar_id)


@bp.post("/evidence/<int:evidence_id>/review")
@login_required
def review_evidence(evidence_id: int):
    evidence = access.get_evidence_or_404(evidence_id, current_user)
    form = ReviewForm()
    try:
        services.review_evidence(
            evidence, form.verdict.data or "", current_user, form.note.data or ""
        )
        flash(_("Đã ghi kết quả xem xét minh chứng."), "success")
    except services.ExemplarError as exc:
        flash(str(exc), "danger")
    return _back(evidence.exemplar_id)


@bp.post("/evidence/<int:evidence_id>/delete")
@login_required
def remove_evidence(evidence_id: int):
    evidence = access.get_evidence_or_404(evidence_id, current_user)
    services.remove_evidence(evidence, current_user)
    flash(_("Đã gỡ minh chứng."), "success")
    return _back(evidence.exemplar_id)


@bp.get("/evidence/<int:evidence_id>/download")
@login_required
def download_evidence(evidence_id: int):
    evidence = access.get_evidence_or_404(evidence_id, current_user)
    services.note_download(evidence, "Tải về")
    return storage.send(evidence.stored, evidence.original_name)


@bp.get("/evidence/<int:evidence_id>/preview")
@login_required
def preview_evidence(evidence_id: int):
    evidence = access.get_evidence_or_404(evidence_id, current_user)
    services.note_download(evidence, "Xem")
    preview = evidence.stored.type_code in PREVIEWABLE
    return storage.send(evidence.stored, evidence.original_name, preview=preview)
