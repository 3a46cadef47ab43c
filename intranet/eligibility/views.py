"""The secretariat keeps the rules of eligibility (one row per condition per title)."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from intranet import clock, policy
from intranet.domain import RuleBroken
from intranet.eligibility import bp, conditions, services
from intranet.eligibility.forms import RuleForm
from intranet.eligibility.models import EligibilityRule, Kind
from intranet.eligibility.verdicts import Candidate, check
from intranet.emulation.models import Evaluation, Rating
from intranet.exemplars.catalogues import Applies, CatalogueEntry, Group
from intranet.exemplars.models import Exemplar, Subject
from intranet.extensions import db
from intranet.extensions import gettext as _


def _entries() -> list[CatalogueEntry]:
    query = (
        select(CatalogueEntry)
        .where(CatalogueEntry.group.in_((Group.TITLE, Group.FORM)))
        .order_by(CatalogueEntry.group.desc(), CatalogueEntry.position)
    )
    return list(db.session.execute(query).scalars())


@bp.get("/rules")
@login_required
def rules():
    query = select(EligibilityRule).options(
        selectinload(EligibilityRule.required), selectinload(EligibilityRule.rating)
    )
    by_title: dict[int, list[EligibilityRule]] = {}
    for rule in db.session.execute(query.order_by(EligibilityRule.position)).scalars():
        by_title.setdefault(rule.title_id, []).append(rule)
    return render_template(
        "eligibility/rules.html",
        entries=[e for e in _entries() if e.id in by_title],
        by_title=by_title,
        may_keep=policy.may(current_user, "create", EligibilityRule),
    )


@bp.route("/rules/new", methods=["GET", "POST"])
@bp.route("/rules/<int:rule_id>", methods=["GET", "POST"])
@login_required
def rule(rule_id: int | None = None):
    found = policy.get_or_404(EligibilityRule, rule_id, current_user) if rule_id else None
    policy.require(current_user, "edit" if found else "create", found or EligibilityRule)
    form = RuleForm(obj=found)
    none = [(0, "—")]
    form.title_id.choices = [(e.id, f"{e.group.label}: {e.name}") for e in _entries()]
    form.required_id.choices = none + [(e.id, e.name) for e in _entries()]
    ratings = db.session.execute(select(Rating).order_by(Rating.position)).scalars()
    form.rating_id.choices = none + [(r.id, r.name) for r in ratings]
    if request.method == "GET" and found is not None:
        form.kind.data = found.kind.value
        form.required_id.data, form.rating_id.data = found.required_id or 0, found.rating_id or 0
    if form.validate_on_submit():
        data = services.RuleData(
            title_id=form.title_id.data,
            kind=form.kind.data,
            required_id=form.required_id.data or None,
            rating_id=form.rating_id.data or None,
            years=form.years.data,
            offset=form.offset.data,
            keyword=form.keyword.data or "",
            article=form.article.data,
            position=form.position.data or 0,
            active=form.active.data,
        )
        try:
            services.save_rule(found, data, current_user)
        except RuleBroken as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Đã lưu điều kiện."), "success")
            return redirect(url_for("eligibility.rules"))
    return render_template("eligibility/rule_form.html", form=form, rule=found, kinds=Kind)


def _sees_results(user, person_id: int | None, unit_id: int | None) -> bool:
    """Eligibility tells of yearly results: shown to those who may see them (the evaluations'
    rule, asked of the person's would-be result)."""
    probe = Evaluation(person_id=person_id, unit_id=unit_id)
    return policy.RULES[Evaluation].holds(user, probe)


@bp.app_template_global("eligibility_of")
def eligibility_of(exemplar: Exemplar):
    """The nomination's verdict, for those who see its private part (as its bình xét)."""
    if not policy.may(current_user, "see_evidence", exemplar):
        return None
    return check(exemplar)


@bp.app_template_global("eligibility_dossier")
def eligibility_dossier(subject: Subject, name: str, unit, person_id: int | None = None):
    """This year's verdict for each title with rules that suits the dossier's subject."""
    unit_id = unit.id if unit is not None else None
    if subject == Subject.COLLECTIVE:
        if not _sees_results(current_user, None, unit_id):
            return None
    elif not _sees_results(current_user, person_id, unit_id):
        return None
    candidate = Candidate(
        subject=subject,
        name=name,
        unit_id=unit_id,
        year=clock.today().year,
        title_id=None,
        person_id=person_id,
    )
    applies = (Applies.ANY, Applies(subject.value))
    titles = [e for e in _entries() if e.applies_to in applies and e.active]
    return conditions.check_titles(candidate, titles)
