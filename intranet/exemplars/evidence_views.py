"""Pages for evidence files: upload, review, removal, download and preview."""

from flask import flash, redirect, request, url_for
from flask_login import current_user, login_required

from intranet import storage
from intranet.exemplars import access, bp, services
from intranet.exemplars.forms import EvidenceForm, ReviewForm
from intranet.extensions import gettext as _
from intranet.text import nfc

PREVIEWABLE = {"pdf", "png", "jpeg"}


def _back(exemplar_id: int):
    return redirect(url_for("exemplars.detail", exemplar_id=exemplar_id) + "#minh-chung")


@bp.post("/<int:exemplar_id>/evidence")
@login_required
def add_evidence(exemplar_id: int):
    """One file (the page's script sends each file by itself, with its own progress) or several
    (the plain form): each is stored or refused on its own, and each refusal names its file."""
    exemplar = access.get_visible_or_404(exemplar_id, current_user)
    form = EvidenceForm()
    if not form.validate():
        return _form_failed(form, exemplar.id)
    uploads = [f for f in request.files.getlist("file") if f and f.filename] or [None]
    several = len(uploads) > 1
    results = []
    for upload in uploads:
        name = nfc(upload.filename) if upload else ""
        try:
            services.add_evidence(
                exemplar,
                upload,
                current_user,
                "" if several else form.title.data or "",  # several: each is named by its file
                form.evidence_date.data,
                form.description.data or "",
            )
        except services.ExemplarError as exc:
            message = str(exc)
            if name and not message.startswith(name):
                message = f"{name}: {message}"
            results.append({"name": name, "ok": False, "message": message})
        else:
            results.append({"name": name, "ok": True, "message": _("Đã tải lên minh chứng.")})
    stored = [r["name"] for r in results if r["ok"]]
    refused = [r for r in results if not r["ok"]]
    if request.accept_mimetypes.best == "application/json":
        if not several:
            return results[0], (200 if results[0]["ok"] else 422)
        summary = _("Đã tải lên %(n)d/%(t)d tệp.", n=len(stored), t=len(results))
        return {"ok": not refused, "message": summary, "results": results}, (200 if stored else 422)
    if stored and several:
        names = ", ".join(stored)
        flash(_("Đã tải lên %(n)d minh chứng: %(names)s.", n=len(stored), names=names), "success")
    elif stored:
        flash(_("Đã tải lên minh chứng."), "success")
    for result in refused:
        flash(result["message"], "danger")
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
