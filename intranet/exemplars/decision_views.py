"""Pages of commendation decisions: the list, and the award lines of one decision."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from intranet import policy
from intranet.accounts.models import User
from intranet.documents import access as document_access
from intranet.documents.models import Document
from intranet.domain import NotFound
from intranet.exemplars import bp, catalogues, decisions, queries, services
from intranet.exemplars.catalogues import Group
from intranet.exemplars.forms import AwardLineForm
from intranet.exemplars.models import AwardLine, Exemplar
from intranet.extensions import db
from intranet.extensions import gettext as _

PER_PAGE = 20


@bp.get("/decisions")
@login_required
def decision_list():
    query = queries.decisions(current_user).order_by(Document.issued_on.desc(), Document.id.desc())
    page = db.paginate(query, per_page=PER_PAGE, error_out=False)
    return render_template(
        "exemplars/decisions.html",
        page=page,
        totals=queries.line_totals([d.id for d in page.items]),
        Document=Document,  # may("create", Document): who drafts one is the documents' rule
    )


def _choices(form: AwardLineForm) -> None:
    none = [(0, "—")]
    awardable = db.session.execute(
        select(Exemplar)
        .where(Exemplar.stage.in_(decisions.AWARDABLE))
        .order_by(Exemplar.year.desc(), Exemplar.name)
        .options(selectinload(Exemplar.unit))
    ).scalars()
    form.exemplar_id.choices = none + [
        (e.id, f"{e.name} – {e.unit.code} – {e.year} ({e.stage.label})") for e in awardable
    ]
    people = db.session.execute(
        select(User)
        .where(User.active.is_(True))
        .order_by(User.full_name)
        .options(selectinload(User.unit))
    ).scalars()
    form.person_id.choices = none + [(u.id, f"{u.full_name} ({u.unit.code})") for u in people]
    form.unit_id.choices = none + [(u.id, u.name) for u in services.units()]
    for field, group in (
        (form.title_id, Group.TITLE),
        (form.form_id, Group.FORM),
        (form.kind_id, Group.KIND),
        (form.level_id, Group.LEVEL),
    ):
        field.choices = none + [(e.id, e.name) for e in catalogues.entries(group)]


def _decision_or_404(document_id: int) -> Document:
    document = document_access.get_visible_or_404(document_id, current_user)
    if document.kind != decisions.DECISION_KIND:
        raise NotFound()
    return document


@bp.route("/decisions/<int:document_id>", methods=["GET", "POST"])
@login_required
def decision(document_id: int):
    document = _decision_or_404(document_id)
    if request.method == "POST":
        document_access.require(current_user, "award", document)  # issued: 409
    form = AwardLineForm()
    if policy.may(current_user, "award", document):
        _choices(form)  # the whole school's people and exemplars: only for those who award
    if form.validate_on_submit():
        data = decisions.AwardData(
            exemplar_id=form.exemplar_id.data or None,
            person_id=form.person_id.data or None,
            unit_id=form.unit_id.data or None,
            title_id=form.title_id.data or None,
            form_id=form.form_id.data or None,
            kind_id=form.kind_id.data or None,
            level_id=form.level_id.data or None,
            amount=form.amount.data or 0,
        )
        try:
            decisions.add_award_line(document, data, current_user)
        except services.ExemplarError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Đã thêm vào danh sách khen thưởng."), "success")
            return redirect(url_for("exemplars.decision", document_id=document.id))
    lines = decisions.lines_of(document)
    return render_template(
        "exemplars/decision.html",
        document=document,
        lines=lines,
        form=form,
        total=sum(line.amount for line in lines),
    )


@bp.post("/decisions/lines/<int:line_id>/delete")
@login_required
def remove_award_line(line_id: int):
    line = policy.get_or_404(AwardLine, line_id, current_user)
    try:
        decisions.remove_award_line(line, current_user)
        flash(_("Đã xoá dòng khen thưởng."), "success")
    except services.ExemplarError as exc:
        flash(str(exc), "danger")
    return redirect(url_for("exemplars.decision", document_id=line.document_id))
