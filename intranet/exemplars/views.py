"""Pages of nominations: lists and queues, the nomination form, its page and its steps."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from intranet import policy
from intranet.documents import access as document_access
from intranet.domain import NotFound, RuleBroken, Stale, VersionRequired
from intranet.exemplars import access, bp, catalogues, decisions, queries, services, workflow
from intranet.exemplars.catalogues import Group
from intranet.exemplars.forms import EvidenceForm, ExemplarForm, ReviewForm, StepForm
from intranet.exemplars.models import Exemplar, Stage
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.extensions import lazy_gettext as _l

__all__ = ["bp"]  # create_app still registers ``views.bp``: the package's blueprint

QUEUES = {
    "mine": _l("Đề xuất của tôi"),
    "unit": _l("Chờ đơn vị xác nhận"),
    "school": _l("Chờ công nhận"),
    "all": _l("Tất cả hồ sơ"),
}


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


@bp.get("/")
@login_required
def index():
    queue = request.args.get("queue") or "mine"
    if queue not in QUEUES:
        raise NotFound()
    stage = request.args.get("stage", "")
    filters = queries.ExemplarFilters(
        year=_int_arg("year"),
        unit_id=_int_arg("unit"),
        field_id=_int_arg("field"),
        stage=Stage(stage) if stage in Stage.__members__.values() else None,
    )
    query = queries.queue(current_user, queue, filters)  # 403 for a queue the user has not
    page = db.paginate(query.order_by(Exemplar.updated_at.desc()), per_page=20, error_out=False)
    return render_template(
        "exemplars/index.html",
        page=page,
        queue=queue,
        queues=[(n, QUEUES[n]) for n in access.queues_for(current_user)],
        units=services.units(),
        fields=catalogues.entries(Group.FIELD),
        stages=list(Stage),
        filters={
            "year": filters.year,
            "unit": filters.unit_id,
            "field": filters.field_id,
            "stage": stage,
        },
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
        extras={n: request.form[n] for n in workflow.EXTRA_FIELDS if n in request.form},
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    policy.require(current_user, "create", Exemplar)
    form = ExemplarForm()
    _fill(form)
    if form.validate_on_submit():
        try:
            exemplar = services.save_exemplar(None, _data(form), current_user)
        except services.ExemplarError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Đã lưu dự thảo đề xuất. Hãy tải minh chứng rồi gửi đề xuất."), "success")
            return redirect(url_for("exemplars.detail", exemplar_id=exemplar.id))
    return render_template("exemplars/form.html", form=form, exemplar=None)


@bp.route("/<int:exemplar_id>/edit", methods=["GET", "POST"])
@login_required
def edit(exemplar_id: int):
    exemplar = access.get_visible_or_404(exemplar_id, current_user)
    # Only the owner, and only while the nomination is a draft or returned.
    policy.require(current_user, "edit", exemplar)
    form = ExemplarForm(obj=exemplar)
    _fill(form)
    if request.method == "GET":
        form.subject.data = exemplar.subject.value
        form.person_id.data = exemplar.person_id or 0
        form.name.data = "" if exemplar.person_id else exemplar.name
        form.field_id.data = exemplar.field_id or 0
        form.movement_id.data = exemplar.movement_id or 0
    if form.validate_on_submit():
        try:
            services.save_exemplar(exemplar, _data(form), current_user, version=form.version.data)
        except (services.ExemplarError, Stale, VersionRequired) as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Đã lưu thay đổi."), "success")
            return redirect(url_for("exemplars.detail", exemplar_id=exemplar.id))
    form.version.data = str(exemplar.version)
    return render_template("exemplars/form.html", form=form, exemplar=exemplar)


@bp.get("/<int:exemplar_id>")
@login_required
def detail(exemplar_id: int):
    exemplar = access.get_visible_or_404(exemplar_id, current_user)
    # Evidence is personal data: listed only to the nomination's private readers.
    sees_evidence = policy.may(current_user, "see_evidence", exemplar)
    return render_template(
        "exemplars/detail.html",
        exemplar=exemplar,
        evidence=exemplar.live_evidence if sees_evidence else [],
        steps=access.available_steps(current_user, exemplar),
        reuse=services.reuse_for(exemplar, current_user),
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
    except RuleBroken as exc:  # the workflow's own rules and those other areas add (bình xét)
        flash(str(exc), "danger")
    return redirect(url_for("exemplars.detail", exemplar_id=exemplar.id))
