"""Pages of the emulation year: movements and criteria, registrations, evaluations, bình xét.

Views are thin: who may see and do what is asked of ``access.py`` (through the services and
``policy``), the lists come from ``queries.py``, the writes from ``services.py`` / ``review.py``.
"""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from intranet import audit, clock, policy, storage
from intranet.accounts.models import Unit
from intranet.documents.models import ISSUED, Document
from intranet.domain import NotFound, RuleBroken
from intranet.emulation import bp, exports, nominations, queries, review, services
from intranet.emulation.forms import (
    CriteriaCheckForm,
    CriteriaForm,
    EvaluationForm,
    MovementForm,
    NominationCriteriaForm,
    RatingForm,
    RegistrationForm,
    TallyForm,
)
from intranet.emulation.models import (
    WHOLE_YEAR,
    Criteria,
    EvaluationRound,
    Movement,
    Rating,
    Registration,
    UnitReview,
    period_label,
    period_starts,
)
from intranet.exemplars import catalogues
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from intranet.extensions import gettext as _

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year() -> int:
    year = request.args.get("year", type=int)
    this = clock.today().year
    return year if year and this - 5 <= year <= this + 1 else this


def _years() -> list[int]:
    this = clock.today().year
    return list(range(this + 1, this - 6, -1))


@bp.get("/")
@login_required
def index():
    return render_template(
        "emulation/index.html",
        movements=queries.movements(current_user),
        may_launch=policy.may(current_user, "create", Movement),
    )


# Movements and criteria ------------------------------------------------------------------------


def _movement_form() -> MovementForm:
    form = MovementForm()
    documents = db.session.execute(
        policy.visible(Document, current_user)
        .where(Document.kind.in_(services.LAUNCHING_KINDS), Document.status.in_(ISSUED))
        .order_by(Document.issued_on.desc())
        .limit(200)
    ).scalars()
    form.document_id.choices = [(d.id, f"{d.symbol} – {d.summary[:80]}") for d in documents]
    units = db.session.execute(select(Unit).where(Unit.active.is_(True)).order_by(Unit.code))
    form.unit_ids.choices = [(u.id, u.name) for u in units.scalars()]
    return form


@bp.route("/phong-trao/moi", methods=["GET", "POST"])
@login_required
def movement_new():
    policy.require(current_user, "create", Movement)
    form = _movement_form()
    if form.validate_on_submit():
        data = services.MovementData(
            name=form.name.data,
            document_id=form.document_id.data,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            unit_ids=form.unit_ids.data,
            goals=form.goals.data or "",
        )
        try:
            movement = services.launch_movement(data, current_user)
        except RuleBroken as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Đã phát động phong trào “%(n)s”.", n=movement.name), "success")
            return redirect(url_for("emulation.movement_detail", movement_id=movement.id))
    return render_template("emulation/movement_form.html", form=form), (
        422 if request.method == "POST" else 200
    )


@bp.get("/phong-trao/<int:movement_id>")
@login_required
def movement_detail(movement_id: int):
    movement = policy.get_or_404(Movement, movement_id, current_user)
    return render_template(
        "emulation/movement.html",
        movement=movement,
        criteria=queries.current_criteria(current_user, movement),
        form=CriteriaForm(),
    )


@bp.post("/phong-trao/<int:movement_id>/tieu-chi")
@login_required
def criteria_new(movement_id: int):
    movement = policy.get_or_404(Movement, movement_id, current_user)
    policy.require(current_user, "write_criteria", movement)
    form = CriteriaForm()
    if form.validate_on_submit():
        try:
            criteria = services.write_criteria(
                movement, form.title.data, form.body.data, current_user
            )
        except RuleBroken as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Đã lưu tiêu chí, phiên bản %(v)s.", v=criteria.version), "success")
            return redirect(url_for("emulation.criteria_detail", criteria_id=criteria.id))
    else:
        for errors in form.errors.values():
            flash(" ".join(str(e) for e in errors), "danger")
    return redirect(url_for("emulation.movement_detail", movement_id=movement.id))


@bp.get("/tieu-chi/<int:criteria_id>")
@login_required
def criteria_detail(criteria_id: int):
    criteria = policy.get_or_404(Criteria, criteria_id, current_user)
    return render_template(
        "emulation/criteria.html",
        criteria=criteria,
        versions=queries.criteria_versions(current_user, criteria),
    )


# Registrations ---------------------------------------------------------------------------------


def _registration_form() -> RegistrationForm:
    form = RegistrationForm()
    form.title_id.choices = [(t.id, t.name) for t in catalogues.entries(catalogues.Group.TITLE)]
    return form


@bp.route("/dang-ky", methods=["GET", "POST"])
@login_required
def registrations():
    year = _year()
    form = _registration_form()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                services.register(
                    current_user,
                    year,
                    form.title_id.data,
                    form.commitments.data,
                    collective=bool(form.collective.data),
                )
            except RuleBroken as exc:
                flash(str(exc), "danger")
                status = 422
            else:
                flash(_("Đã đăng ký thi đua năm %(y)s.", y=year), "success")
                return redirect(url_for("emulation.registrations", year=year))
        else:
            status = 422
    return render_template(
        "emulation/registrations.html",
        year=year,
        years=_years(),
        rows=queries.registrations(current_user, year),
        pending=queries.pending(current_user, year),
        form=form,
        may_register_unit=policy.may(current_user, "register_unit", Registration),
        may_paper=policy.may(current_user, "paper", Registration),
    ), status


@bp.post("/dang-ky/xac-nhan")
@login_required
def confirm_registrations():
    year = _year()
    ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()]
    chosen = [policy.get_or_404(Registration, i, current_user) for i in ids]
    if not chosen:
        flash(_("Hãy chọn đăng ký cần xác nhận."), "warning")
    else:
        count = services.confirm(chosen, current_user)
        flash(_("Đã xác nhận %(n)s đăng ký.", n=count), "success")
    return redirect(url_for("emulation.registrations", year=year))


@bp.get("/dang-ky.xlsx")
@login_required
def registrations_xlsx():
    year = _year()
    unit_id = request.args.get("unit", type=int)
    rows = queries.registrations(current_user, year, unit_id)
    return _xlsx(exports.registrations(rows, year), f"dang-ky-thi-dua-{year}.xlsx")


@bp.get("/dang-ky/danh-sach.<fmt>")
@login_required
def registrations_paper(fmt: str):
    """The registration list in the decree's paper form (PDF or DOCX): the school's for the
    secretariat, the unit's for its head."""
    import io

    from flask import send_file

    from intranet import paper
    from intranet.paper import pdf, word

    if fmt not in ("pdf", "docx"):
        raise NotFound()
    policy.require(current_user, "paper", Registration)
    year = _year()
    if policy.may(current_user, "export_school", Registration):
        unit = None
        unit_id = request.args.get("unit", type=int)
        if unit_id is not None:
            unit = db.session.get(Unit, unit_id)
            if unit is None:
                raise NotFound()
        rows = queries.registrations(current_user, year, unit_id)
        signer = ""
    else:
        unit = current_user.unit
        rows = queries.registrations(current_user, year, current_user.unit_id)
        signer = current_user.full_name
    sheet = exports.registrations_paper(rows, year, unit, signer)
    data = pdf.render(sheet) if fmt == "pdf" else word.render(sheet)
    name = f"danh-sach-dang-ky-thi-dua-{year}" + (f"-{unit.code}" if unit else "")
    return send_file(
        io.BytesIO(data),
        mimetype=paper.PDF if fmt == "pdf" else paper.DOCX,
        as_attachment=True,
        download_name=f"{name}.{fmt}",
        max_age=0,
    )


def _xlsx(data: bytes, name: str) -> Response:
    response = Response(data, mimetype=XLSX)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# Evaluations -----------------------------------------------------------------------------------


@bp.get("/danh-gia")
@login_required
def evaluations():
    year = _year()
    return render_template(
        "emulation/evaluations.html",
        year=year,
        years=_years(),
        results=queries.evaluations(current_user, year),
        rounds=queries.rounds(current_user, year),
        may_evaluate=policy.may(current_user, "create", EvaluationRound),
        periods=[
            (q, period_label(year, q))
            for q in (1, 2, 3, 4, WHOLE_YEAR)
            if period_starts(year, q) <= clock.today()  # no period before it begins
        ],
        scale_class=Rating,
    )


@bp.route("/danh-gia/<int:year>/<int:quarter>", methods=["GET", "POST"])
@login_required
def evaluate(year: int, quarter: int):
    policy.require(current_user, "create", EvaluationRound)
    members = queries.unit_members(current_user.unit_id)
    scale = services.ratings()
    form = EvaluationForm()
    form.criteria_id.choices = [(0, _("— Không chọn —"))] + [
        (c.id, f"{c.title} (v{c.version}, {c.movement.name})")
        for c in queries.unit_criteria(current_user, current_user.unit_id)
    ]
    status = 200
    if form.validate_on_submit():
        results = []
        for member in members:
            rating = request.form.get(f"rating-{member.id}", type=int)
            if rating:
                comment = request.form.get(f"comment-{member.id}", "")
                results.append(services.Result(member.id, rating, comment))
        try:
            services.record_round(
                current_user,
                year,
                quarter,
                results,
                request.files.get("minutes"),
                form.criteria_id.data or None,
            )
        except RuleBroken as exc:
            flash(str(exc), "danger")
            status = 422
        else:
            flash(_("Đã ghi kết quả đánh giá %(p)s.", p=period_label(year, quarter)), "success")
            return redirect(url_for("emulation.evaluations", year=year))
    elif request.method == "POST":
        status = 422
    current = queries.round_of(current_user, year, quarter)
    recorded = {e.person_id: e for e in current.evaluations} if current else {}
    return render_template(
        "emulation/evaluate.html",
        form=form,
        year=year,
        quarter=quarter,
        label=period_label(year, quarter),
        members=members,
        scale=scale,
        recorded=recorded,
        current=current,
    ), status


@bp.get("/danh-gia/dot/<int:round_id>/bien-ban")
@login_required
def round_minutes(round_id: int):
    round_ = policy.get_or_404(EvaluationRound, round_id, current_user)
    if round_.minutes_file is None:
        return redirect(url_for("emulation.evaluations", year=round_.year))
    audit.record("download", "evaluation_round", round_.id, f"Tải biên bản {round_.minutes_name}")
    return storage.send(round_.minutes_file, round_.minutes_name)


@bp.get("/danh-gia.xlsx")
@login_required
def evaluations_xlsx():
    year = _year()
    unit_id = request.args.get("unit", type=int)
    rows = queries.evaluations(current_user, year, unit_id)
    return _xlsx(exports.evaluations(rows, year), f"danh-gia-thi-dua-{year}.xlsx")


@bp.route("/thang-danh-gia", methods=["GET", "POST"])
@bp.route("/thang-danh-gia/<int:rating_id>", methods=["GET", "POST"])
@login_required
def rating_scale(rating_id: int | None = None):
    """The evaluation scale, kept by the secretariat: add a level, rename or retire one."""
    rating = policy.get_or_404(Rating, rating_id, current_user) if rating_id else None
    policy.require(current_user, "edit" if rating else "create", rating or Rating)
    form = RatingForm(obj=rating)
    status = 200
    if form.validate_on_submit():
        try:
            services.save_rating(rating, form.name.data, bool(form.active.data), current_user)
        except RuleBroken as exc:
            flash(str(exc), "danger")
            status = 422
        else:
            flash(_("Đã lưu thang đánh giá."), "success")
            return redirect(url_for("emulation.rating_scale"))
    elif request.method == "POST":
        status = 422
    return render_template(
        "emulation/ratings.html",
        form=form,
        rating=rating,
        ratings=services.ratings(active_only=False),
    ), status


# Bình xét ----------------------------------------------------------------------------------------


@bp.route("/binh-xet/<int:exemplar_id>", methods=["GET", "POST"])
@login_required
def tally(exemplar_id: int):
    exemplar = policy.get_or_404(Exemplar, exemplar_id, current_user)
    if not policy.may(current_user, "see_evidence", exemplar):
        policy.require(current_user, "tally", exemplar)  # the public of the board: 404
    form = TallyForm()
    applies = (catalogues.Applies.ANY, catalogues.Applies(exemplar.subject.value))
    form.title_id.choices = [
        (t.id, t.name + (f" (≥ {t.threshold}%)" if t.threshold is not None else ""))
        for t in catalogues.entries(catalogues.Group.TITLE)
        if t.applies_to in applies
    ]
    status = 200
    if request.method == "POST":
        policy.require(current_user, "tally", exemplar)
        if form.validate_on_submit():
            try:
                review.record_tally(
                    exemplar,
                    current_user,
                    form.title_id.data,
                    form.held_on.data,
                    form.present.data,
                    form.agree.data,
                    form.disagree.data,
                    request.files.get("minutes"),
                )
            except RuleBroken as exc:
                flash(str(exc), "danger")
                status = 422
            else:
                flash(_("Đã ghi kết quả bình xét."), "success")
                return redirect(url_for("exemplars.detail", exemplar_id=exemplar.id))
        else:
            status = 422
    tallies = db.session.execute(
        policy.visible(UnitReview, current_user)
        .where(UnitReview.exemplar_id == exemplar.id)
        .order_by(UnitReview.id.desc())
    ).scalars()
    return render_template(
        "emulation/tally.html", exemplar=exemplar, form=form, tallies=list(tallies)
    ), status


@bp.get("/binh-xet/bien-ban/<int:review_id>")
@login_required
def tally_minutes(review_id: int):
    tally_ = policy.get_or_404(UnitReview, review_id, current_user)
    if tally_.minutes_file is None:
        return redirect(url_for("emulation.tally", exemplar_id=tally_.exemplar_id))
    audit.record("download", "unit_review", tally_.id, f"Tải biên bản {tally_.minutes_name}")
    return storage.send(tally_.minutes_file, tally_.minutes_name)


# On the nomination's page (exemplars/detail.html): whether its person registered that year,
# and the way to the unit's bình xét. Offered as a template global so exemplars imports nothing
# of this area.
@bp.app_template_global("emulation_line")
def emulation_line(exemplar: Exemplar):
    """A short line: the person's registration of the nomination's year, for those who may see
    registrations of that person; None for the others."""
    if exemplar.person_id is None or not current_user.is_authenticated:
        return None
    found = queries.registration_of(current_user, exemplar.person_id, exemplar.year)
    if found is not None:
        return _(
            "Đã đăng ký thi đua năm %(y)s: %(t)s (%(s)s).",
            y=exemplar.year,
            t=found.title.name,
            s=found.status.label.lower(),
        )
    if queries.may_see_registrations_of(current_user, exemplar.person_id, exemplar.unit_id):
        return _("Chưa đăng ký thi đua năm %(y)s.", y=exemplar.year)
    return None


# The criteria a nomination answers ----------------------------------------------------------------


def _verdicts(form) -> list[nominations.Verdict]:
    verdicts = []
    for key, value in form.items():
        if not key.startswith("met-") or value not in ("0", "1"):
            continue
        position = key[4:]
        if not position.isdigit() or len(position) > 4:
            raise RuleBroken(_("Tiêu chí không hợp lệ."))
        note = form.get(f"note-{position}", "")
        verdicts.append(nominations.Verdict(int(position), value == "1", note))
    return sorted(verdicts, key=lambda v: v.position)


@bp.route("/tieu-chi-de-xuat/<int:exemplar_id>", methods=["GET", "POST"])
@login_required
def nomination_criteria(exemplar_id: int):
    """The movement and criteria a nomination answers, each criterion checked off by the unit's
    head; seen by the nomination's private readers (as its evidence)."""
    exemplar = policy.get_or_404(Exemplar, exemplar_id, current_user)
    policy.require(current_user, "see_evidence", exemplar)  # the board's public: 404
    choose_form, check_form = NominationCriteriaForm(), CriteriaCheckForm()
    choose_form.criteria_id.choices = [(0, "—")] + [
        (c.id, nominations.label(c)) for c in nominations.choices(exemplar.unit_id)
    ]
    status = 200
    if request.method == "POST":
        action = request.form.get("action")
        try:
            if action == "choose":
                policy.require(current_user, "choose_criteria", exemplar)
                if not choose_form.validate_on_submit():
                    raise RuleBroken(_("Hãy chọn tiêu chí thi đua của đơn vị mình."))
                nominations.choose(exemplar, current_user, choose_form.criteria_id.data or None)
                flash(_("Đã lưu tiêu chí mà đề xuất đáp ứng."), "success")
            elif action == "check":
                policy.require(current_user, "check_criteria", exemplar)
                if not check_form.validate_on_submit():
                    raise RuleBroken(_("Phiên làm việc đã hết hạn, hãy thử lại."))
                nominations.check(exemplar, current_user, _verdicts(request.form))
                flash(_("Đã ghi kết quả đánh giá tiêu chí."), "success")
            else:
                raise RuleBroken(_("Thao tác không hợp lệ."))
        except RuleBroken as exc:
            flash(str(exc), "danger")
            status = 422
        else:
            return redirect(url_for("emulation.nomination_criteria", exemplar_id=exemplar.id))
    sheet = nominations.sheet(exemplar)
    if request.method == "GET" and sheet is not None:
        choose_form.criteria_id.data = sheet["criteria"].id
    return render_template(
        "emulation/nomination_criteria.html",
        exemplar=exemplar,
        sheet=sheet,
        choose_form=choose_form,
        check_form=check_form,
    ), status


# On the nomination's page: the criteria it answers (with how many are met) and the person's
# yearly result, each for those allowed to see it; None for the others.
@bp.app_template_global("emulation_criteria_line")
def emulation_criteria_line(exemplar: Exemplar):
    if not current_user.is_authenticated or not policy.may(current_user, "see_evidence", exemplar):
        return None
    sheet = nominations.sheet(exemplar)
    if sheet is None:
        return _("Chưa chọn tiêu chí thi đua.")
    met = sum(1 for _i, _t, c in sheet["items"] if c is not None and c.met)
    return _(
        "Tiêu chí: %(l)s — đạt %(m)s/%(n)s.",
        l=nominations.label(sheet["criteria"]),
        m=met,
        n=len(sheet["items"]),
    )


@bp.app_template_global("emulation_yearly_result")
def emulation_yearly_result(exemplar: Exemplar):
    if not current_user.is_authenticated:
        return None
    found = nominations.visible_yearly_result(current_user, exemplar)
    if found is None:
        return None
    return _(
        "Kết quả đánh giá năm %(y)s: %(r)s.%(c)s",
        y=exemplar.year,
        r=found.rating.name,
        c=f" {found.comment}" if found.comment else "",
    )


# On the nomination form (exemplars/form.html): the movement and criteria it answers.
@bp.app_template_global("emulation_criteria_select")
def emulation_criteria_select(exemplar: Exemplar | None):
    """The choices and the chosen value, for ``emulation/_criteria_select.html``; None when the
    reader has no unit."""
    unit_id = exemplar.unit_id if exemplar is not None else current_user.unit_id
    if unit_id is None:
        return None
    options = nominations.choices(unit_id)
    if request.method == "POST":
        chosen = request.form.get("criteria_id", "")
    else:
        link = nominations.link_of(exemplar) if exemplar is not None else None
        chosen = str(link.criteria_id) if link is not None else ""
    return {"options": [(str(c.id), nominations.label(c)) for c in options], "chosen": chosen}
