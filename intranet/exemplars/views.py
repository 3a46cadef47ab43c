"""Pages of nominations: lists and queues, the nomination form, its page and its steps."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import or_, select
from sqlalchemy.orm.exc import StaleDataError

from intranet.accounts.models import Role
from intranet.accounts.permissions import publishes
from intranet.documents import access as document_access
from intranet.exemplars import access, catalogues, decisions, services, workflow
from intranet.exemplars.catalogues import Group
from intranet.exemplars.forms import EvidenceForm, ExemplarForm, ReviewForm, StepForm
from intranet.exemplars.models import Exemplar, Stage
from intranet.extensions import db

bp = Blueprint("exemplars", __name__, url_prefix="/exemplars")

QUEUES = {
    "mine": _l("Đề xuất của tôi"),
    "unit": _l("Chờ đơn vị xác nhận"),
    "school": _l("Chờ công nhận"),
    "all": _l("Tất cả hồ sơ"),
}


def _queues_for(user) -> list[str]:
    names = ["mine"]
    if user.has_role(Role.UNIT_HEAD):
        names.append("unit")
    if publishes(user):
        names.append("school")
    names.append("all")
    return names


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


@bp.get("/")
@login_required
def index():
    names = _queues_for(current_user)
    queue = request.args.get("queue", "mine")
    queue = queue if queue in names else "mine"
    query = select(Exemplar).where(access.visible_condition(current_user))
    if queue == "mine":
        query = query.where(
            or_(Exemplar.owner_id == current_user.id, Exemplar.person_id == current_user.id)
        )
    elif queue == "unit":
        query = query.where(
            Exemplar.unit_id == current_user.unit_id, Exemplar.stage == Stage.SUBMITTED
        )
    elif queue == "school":
        query = query.where(Exemplar.stage.in_([Stage.ENDORSED, Stage.RECOGNISED]))
    year, unit_id, field_id = _int_arg("year"), _int_arg("unit"), _int_arg("field")
    stage = request.args.get("stage", "")
    if year:
        query = query.where(Exemplar.year == year)
    if unit_id:
        query = query.where(Exemplar.unit_id == unit_id)
    if field_id:
        query = query.where(Exemplar.field_id == field_id)
    if stage in Stage.__members__.values():
        query = query.where(Exemplar.stage == Stage(stage))
    page = db.paginate(query.order_by(Exemplar.updated_at.desc()), per_page=20, error_out=False)
    return render_template(
        "exemplars/index.html",
        page=page,
        queue=queue,
        queues=[(n, QUEUES[n]) for n in names],
        units=services.units(),
        fields=catalogues.entries(Group.FIELD),
        stages=list(Stage),
        filters={"year": year, "unit": unit_id, "field": field_id, "stage": stage},
    )


def _fill(form: ExemplarForm) -> None:
    form.person_id.choices = [(0, "—")] + [
        (u.id, u.full_name) for u in services.unit_members(current_user.unit_id)
    ]
    form.field_id.choices = [(0, "—")] + [(e.id, e.name) for e in catalogues.entries(Group.FIELD)]
    form.movement_id.choices = [(0, "—")] + [
        (e.id, e.name) for e in catalogues.entries(Group.MOVEMENT)
    ]


def _data(form: ExemplarForm) -> services.ExemplarData:
    return services.ExemplarData(
        subject=form.subject.data,
        year=form.year.data,
        achievement=form.achievement.data,
        person_id=form.person_id.data or None,
        name=form.name.data or "",
        field_id=form.field_id.data or None,
        movement_id=form.movement_id.data or None,
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    form = ExemplarForm()
    _fill(form)
    if form.validate_on_submit():
        try:
            exemplar = services.save_exemplar(None, _data(form), current_user)
        except services.ExemplarError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            flash(_("Đã lưu dự thảo đề xuất. Hãy tải minh chứng rồi gửi đề xuất."), "success")
            return redirect(url_for("exemplars.detail", exemplar_id=exemplar.id))
    return render_template("exemplars/form.html", form=form, exemplar=None)


@bp.route("/<int:exemplar_id>/edit", methods=["GET", "POST"])
@login_required
def edit(exemplar_id: int):
    exemplar = access.get_visible_or_404(exemplar_id, current_user)
    if not workflow.may_edit(current_user, exemplar):
        abort(403)  # only the owner, and only while the nomination is a draft or returned
    form = ExemplarForm(obj=exemplar)
    _fill(form)
    if request.method == "GET":
        form.subject.data = exemplar.subject.value
        form.person_id.data = exemplar.person_id or 0
        form.name.data = "" if exemplar.person_id else exemplar.name
        form.field_id.data = exemplar.field_id or 0
        form.movement_id.data = exemplar.movement_id or 0
    if form.validate_on_submit():
        if str(exemplar.version) != (form.version.data or ""):
            form.form_errors.append(_conflict())
        else:
            try:
                services.save_exemplar(exemplar, _data(form), current_user)
            except services.ExemplarError as exc:
                db.session.rollback()
                form.form_errors.append(str(exc))
            except StaleDataError:
                db.session.rollback()
                form.form_errors.append(_conflict())
            else:
                flash(_("Đã lưu thay đổi."), "success")
                return redirect(url_for("exemplars.detail", exemplar_id=exemplar.id))
    form.version.data = str(exemplar.version)
    return render_template("exemplars/form.html", form=form, exemplar=exemplar)


def _conflict() -> str:
    return _("Hồ sơ đã được người khác thay đổi trong lúc bạn sửa. Hãy mở lại trang rồi nhập lại.")


@bp.get("/<int:exemplar_id>")
@login_required
def detail(exemplar_id: int):
    exemplar = access.get_visible_or_404(exemplar_id, current_user)
    evidence = exemplar.live_evidence
    return render_template(
        "exemplars/detail.html",
        exemplar=exemplar,
        evidence=evidence,
        steps=workflow.available_steps(current_user, exemplar),
        may_edit=workflow.may_edit(current_user, exemplar),
        may_add_evidence=workflow.may_add_evidence(current_user, exemplar),
        may_review=workflow.may_review_evidence(current_user, exemplar),
        reuse={e.id: services.reuse_of(e) for e in evidence}
        if workflow.sees_reuse(current_user, exemplar)
        else {},
        awards=decisions.awards_for_exemplar(
            exemplar.id, document_access.visible_condition(current_user)
        ),
        evidence_form=EvidenceForm(),
        step_form=StepForm(),
        review_form=ReviewForm(),
    )


@bp.post("/<int:exemplar_id>/steps/<step>")
@login_required
def take_step(exemplar_id: int, step: str):
    exemplar = access.get_visible_or_404(exemplar_id, current_user)
    form = StepForm()
    try:
        services.take_step(exemplar, step, current_user, note=form.note.data or "")
        flash(_("Hồ sơ đã chuyển sang: %(s)s.", s=exemplar.stage.label), "success")
    except services.ExemplarError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
    return redirect(url_for("exemplars.detail", exemplar_id=exemplar.id))
