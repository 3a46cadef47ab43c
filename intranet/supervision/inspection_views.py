"""Pages of inspections: the list, the record form, one inspection and its follow-ups."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from intranet import policy, storage
from intranet.accounts.models import Unit
from intranet.domain import NotFound
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.supervision import access, bp, inspections, queries
from intranet.supervision.forms import CloseForm, FollowUpForm, InspectionForm
from intranet.supervision.models import FollowUp, Inspection


@bp.get("/inspections")
@login_required
def inspection_list():
    access.require_inspections(current_user)
    rows = db.session.execute(queries.inspections(current_user)).scalars().all()
    return render_template(
        "supervision/inspections.html",
        rows=rows,
        may_record=policy.may(current_user, "create", Inspection),
    )


@bp.route("/inspections/new", methods=["GET", "POST"])
@login_required
def inspection_new():
    policy.require(current_user, "create", Inspection)
    form = InspectionForm()
    units = db.session.execute(select(Unit).order_by(Unit.name)).scalars().all()
    form.unit_id.choices = [(u.id, u.name) for u in units]
    # Only a listed unit: any other number (too big for the database, say) is not a choice.
    listed = {u.id for u in units}
    asked = (form.unit_id.data, request.args.get("unit", type=int))
    chosen = next((unit_id for unit_id in asked if unit_id in listed), units[0].id)
    form.exemplar_ids.choices = [
        (e.id, f"{e.name} ({e.year}, {e.stage.label})")
        for e in db.session.execute(
            select(Exemplar).where(Exemplar.unit_id == chosen).order_by(Exemplar.year.desc())
        ).scalars()
    ]
    if form.validate_on_submit():
        try:
            inspection = inspections.record(
                current_user,
                db.get_or_404(Unit, form.unit_id.data),
                form.inspected_on.data,
                form.members.data,
                form.scope.data,
                form.findings.data or "",
                form.conclusion.data or "",
                (form.documents.data or "").splitlines(),
                form.exemplar_ids.data or [],
                request.files.get("minutes"),
            )
        except inspections.InspectionError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Đã ghi nhận cuộc kiểm tra."), "success")
            return redirect(url_for("supervision.inspection_detail", inspection_id=inspection.id))
    return render_template("supervision/inspection_form.html", form=form, chosen=chosen)


@bp.get("/inspections/<int:inspection_id>")
@login_required
def inspection_detail(inspection_id: int):
    inspection = inspections.get_visible_or_404(inspection_id, current_user)
    return render_template(
        "supervision/inspection.html",
        inspection=inspection,
        link_target=inspections.link_target,
        may_record=policy.may(current_user, "follow_up", inspection),
        may_close=policy.may(current_user, "close_follow_up", inspection),
        follow_form=FollowUpForm(),
        close_form=CloseForm(),
    )


@bp.post("/inspections/<int:inspection_id>/follow-ups")
@login_required
def add_follow_up(inspection_id: int):
    inspection = inspections.get_visible_or_404(inspection_id, current_user)
    form = FollowUpForm()
    try:
        if not form.validate():
            raise inspections.InspectionError(
                " ".join(str(e) for errors in form.errors.values() for e in errors)
            )
        inspections.add_follow_up(inspection, current_user, form.action.data, form.deadline.data)
        flash(_("Đã thêm việc cần khắc phục."), "success")
    except inspections.InspectionError as exc:
        flash(str(exc), "danger")
    return redirect(url_for("supervision.inspection_detail", inspection_id=inspection.id))


@bp.post("/follow-ups/<int:follow_up_id>/close")
@login_required
def close_follow_up(follow_up_id: int):
    follow_up = policy.get_or_404(FollowUp, follow_up_id, current_user)
    inspection = follow_up.inspection
    try:
        inspections.close_follow_up(follow_up, current_user, CloseForm().note.data or "")
        flash(_("Đã đóng việc khắc phục."), "success")
    except inspections.InspectionError as exc:
        flash(str(exc), "danger")
    return redirect(url_for("supervision.inspection_detail", inspection_id=inspection.id))


@bp.get("/inspections/<int:inspection_id>/minutes")
@login_required
def inspection_minutes(inspection_id: int):
    inspection = inspections.get_visible_or_404(inspection_id, current_user)
    if inspection.minutes is None:
        raise NotFound()
    return storage.send(inspection.minutes, inspection.minutes_name)
