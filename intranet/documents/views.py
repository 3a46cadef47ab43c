"""Pages of the documents area: list, detail, forms, publication and reading."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import defer, joinedload, lazyload

from intranet import clock, policy
from intranet.accounts.models import Unit
from intranet.accounts.permissions import publishes
from intranet.documents import access, bp, dissemination, kinds, plans, queries, services
from intranet.documents.errors import DocumentError
from intranet.documents.forms import (
    DocumentForm,
    ReturnForm,
    RevokeForm,
    SignForm,
    SupersedeForm,
    TaskForm,
)
from intranet.documents.models import Document, Status
from intranet.domain import Stale
from intranet.extensions import db
from intranet.extensions import gettext as _

__all__ = ["bp"]  # create_app still registers views.bp; the blueprint is the package's

# The page's sort names, in the shared query's terms.
SORTS = {"date": "-issued_on", "date_asc": "issued_on", "number": "-number", "summary": "summary"}
PER_PAGE = 20
# Templates ask ``may("create", Document)`` (the "new document" button, the navigation).
bp.add_app_template_global(Document, "Document")


def _units():
    return db.session.execute(select(Unit).order_by(Unit.name)).scalars().all()


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


@bp.get("/")
@login_required
def index():
    kind = request.args.get("kind", "")
    status = request.args.get("status", "")
    year, unit_id = _int_arg("year"), _int_arg("unit")
    q = request.args.get("q", "").strip()[:200]  # a number ("5/KH-KKT") or words of the summary
    filters = queries.Filters(
        kind=kind if kind in kinds.KINDS else None,
        status=Status(status) if status in Status.__members__.values() else None,
        year=year or None,
        unit=unit_id or None,
        q=q or None,
    )
    sort = request.args.get("sort", "date")
    sort = sort if sort in SORTS else "date"
    years = queries.by_year(current_user)
    # The list shows whether a document is for everyone (a column), not whom it names, and
    # not its text (a decree's whole text, read only on its own page).
    page = queries.page_of_documents(
        current_user,
        filters,
        SORTS[sort],
        _int_arg("page") or 1,
        PER_PAGE,
        lazyload(Document.audience),
        defer(Document.body),
        total=sum(years.values()) if filters == queries.Filters() else None,
    )
    return render_template(
        "documents/index.html",
        page=page,
        kinds=kinds.KINDS,
        statuses=list(Status),
        units=_units(),
        years=list(years),
        awaiting=queries.awaiting_signature(current_user),
        sort=sort,
        filters={"kind": kind, "status": status, "year": year, "unit": unit_id, "q": q},
    )


def _fill_choices(form: DocumentForm) -> None:
    units = _units()
    if not publishes(current_user):  # a unit head drafts in the unit's name only
        units = [u for u in units if u.id == current_user.unit_id]
    form.unit_id.choices = [(0, "—")] + [(u.id, u.name) for u in units]
    form.audience_units.choices = [(u.id, u.name) for u in units]


def _data(form: DocumentForm) -> services.DocumentData:
    return services.DocumentData(
        kind=form.kind.data,
        number_symbol=form.number_symbol.data,
        issued_on=form.issued_on.data,
        summary=form.summary.data,
        issued_place=form.issued_place.data or "",
        issuer_name=form.issuer_name.data or "",
        body=form.body.data or "",
        period_start=form.period_start.data,
        period_end=form.period_end.data,
        signer_name=form.signer_name.data or "",
        signer_authority=form.signer_authority.data or "",
        signer_title=form.signer_title.data or "",
        recipients=form.recipients.data or "",
        unit_id=form.unit_id.data or None,
        basis=(form.basis.data or "").splitlines(),
        implements=form.implements.data or "",
        audience_all=form.audience_all.data == "all",
        audience_units=form.audience_units.data or [],
        audience_roles=form.audience_roles.data or [],
        relation=form.relation.data or "",
        relation_target=form.relation_target.data or "",
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    policy.require(current_user, "create", Document)
    form = DocumentForm(unit_id=current_user.unit_id)
    _fill_choices(form)
    issuer = services.COLLEGE_ISSUER
    if not publishes(current_user):
        issuer = current_user.unit.code
    if request.method == "GET":
        kind = request.args.get("kind", "KH")
        kind = kind if kind in kinds.KINDS and kind != kinds.CONG_VAN else "KH"
        if not publishes(current_user) and kind not in access.UNIT_KINDS:
            kind = "KH"
        form.kind.data = kind
        form.issued_on.data = clock.today()
        # No number yet: the records office takes the next free one at issue.
        form.number_symbol.data = f"{services.UNNUMBERED_MARK}/{kind}-{issuer}"
    if form.validate_on_submit():
        try:
            document = services.save_document(None, _data(form), current_user)
        except DocumentError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Đã lưu dự thảo %(s)s.", s=document.symbol), "success")
            return redirect(url_for("documents.detail", document_id=document.id))
    year = form.issued_on.data.year if form.issued_on.data else clock.today().year
    return render_template(
        "documents/form.html",
        form=form,
        document=None,
        next_number=services.suggest_number(issuer, year=year),
    )


@bp.route("/<int:document_id>/edit", methods=["GET", "POST"])
@login_required
def edit(document_id: int):
    document = access.get_for("edit", document_id, current_user)
    # Filled from the document on GET only: a POST is what was sent (document.basis holds rows,
    # not the text of the field, and must never stand in for a field missing from the form).
    form = DocumentForm(obj=document if request.method == "GET" else None)
    _fill_choices(form)
    if request.method == "GET":
        form.number_symbol.data = document.symbol
        form.audience_all.data = "all" if document.audience_all else "some"
        form.audience_units.data = [a.unit_id for a in document.audience if a.unit_id]
        form.audience_roles.data = [a.role.value for a in document.audience if a.role]
        form.basis.data = "\n".join(b.cited_text for b in document.basis if not b.implements)
        form.implements.data = next((b.cited_text for b in document.basis if b.implements), "")
        form.unit_id.data = document.unit_id or 0
        link = next(iter(document.relations), None)
        form.relation.data = link.relation if link else ""
        form.relation_target.data = link.target.symbol if link and link.target else ""
    if form.validate_on_submit():
        try:
            services.save_document(document, _data(form), current_user, version=form.version.data)
        except DocumentError as exc:
            form.form_errors.append(str(exc))
        except Stale:
            form.form_errors.append(_conflict_message())
        else:
            flash(_("Đã lưu %(s)s.", s=document.symbol), "success")
            return redirect(url_for("documents.detail", document_id=document.id))
    form.version.data = str(document.version)
    return render_template("documents/form.html", form=form, document=document, next_number=None)


def _conflict_message() -> str:
    return _(
        "Văn bản đã được người khác sửa trong lúc bạn đang sửa. Hãy mở lại trang để xem bản "
        "mới nhất rồi nhập lại thay đổi của bạn."
    )


DETAIL_LOADS = ("unit", "submitted_by", "signed_by", "issued_by")


@bp.get("/<int:document_id>")
@login_required
def detail(document_id: int):
    # The drafting unit and who submitted, signed and issued it are shown: loaded with it.
    document = access.get_visible_or_404(
        document_id,
        current_user,
        *(joinedload(getattr(Document, name)) for name in DETAIL_LOADS),
    )
    # Only the forms of what this reader may do: most readers of a document may do none of it,
    # and each form (and the units' list) costs the page time.
    forms = {}
    if policy.may(current_user, "sign", document):
        forms["sign_form"] = _sign_form(document)
    if policy.may(current_user, "return", document):
        forms["return_form"] = ReturnForm()
    if policy.may(current_user, "manage_tasks", document):
        forms["task_form"] = TaskForm()
        forms["task_form"].assignee_unit_id.choices = [(0, "—")] + [
            (u.id, u.name) for u in _units()
        ]
    return render_template(
        "documents/detail.html",
        document=document,
        has_read=services.has_read(document, current_user),
        implemented=plans.implemented_plans(document),
        implementing=queries.implementing(document, current_user),
        related_by=queries.related_by(document, current_user),
        visible_ids=queries.visible_ids([b.target_id for b in document.basis], current_user),
        **forms,
    )


def _sign_form(document: Document) -> SignForm:
    form = SignForm()
    form.signer_name.data = form.signer_name.data or current_user.full_name
    if document.signer_authority in dict(form.signer_authority.choices):
        form.signer_authority.data = document.signer_authority
    form.signer_title.data = document.signer_title or form.signer_title.default
    return form


def _back(document: Document):
    return redirect(url_for("documents.detail", document_id=document.id))


@bp.post("/<int:document_id>/submit")
@login_required
def submit(document_id: int):
    document = access.get_for("submit", document_id, current_user)
    services.submit(document, current_user)
    flash(_("Đã trình ký %(s)s.", s=document.symbol), "success")
    return _back(document)


@bp.post("/<int:document_id>/sign")
@login_required
def sign(document_id: int):
    document = access.get_for("sign", document_id, current_user)
    form = SignForm()
    if not form.validate():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "danger")
        return _back(document)
    try:
        services.sign(
            document,
            current_user,
            services.Signature(
                signer_name=form.signer_name.data,
                signer_title=form.signer_title.data,
                signer_authority=form.signer_authority.data or "",
            ),
        )
        flash(_("Đã ký %(s)s.", s=document.symbol), "success")
    except DocumentError as exc:
        flash(str(exc), "danger")
    return _back(document)


@bp.post("/<int:document_id>/return")
@login_required
def return_to_draft(document_id: int):
    document = access.get_for("return", document_id, current_user)
    try:
        services.return_to_draft(document, current_user, ReturnForm().reason.data or "")
        flash(_("Đã trả lại %(s)s để sửa.", s=document.symbol), "success")
    except DocumentError as exc:
        flash(str(exc), "danger")
    return _back(document)


@bp.post("/<int:document_id>/publish")
@login_required
def publish(document_id: int):
    document = access.get_for("publish", document_id, current_user)
    try:
        services.issue(document, current_user)
        flash(_("Đã ban hành %(s)s.", s=document.symbol), "success")
    except DocumentError as exc:
        flash(str(exc), "danger")
    return _back(document)


# An issued document is revoked or replaced only by issuing the document that names it: these
# addresses answer so (409 for an issued document, 403 before).
@bp.post("/<int:document_id>/revoke")
@login_required
def revoke(document_id: int):
    RevokeForm()
    access.get_for("retire", document_id, current_user)


@bp.post("/<int:document_id>/supersede")
@login_required
def supersede(document_id: int):
    SupersedeForm()
    access.get_for("retire", document_id, current_user)


@bp.post("/<int:document_id>/read")
@login_required
def mark_read(document_id: int):
    document = access.get_visible_or_404(document_id, current_user)
    try:
        services.mark_read(document, current_user)
        flash(_("Đã ghi nhận bạn đã đọc văn bản này."), "success")
    except DocumentError as exc:
        flash(str(exc), "danger")
    return _back(document)


@bp.get("/<int:document_id>/readers")
@login_required
def readers(document_id: int):
    document = access.get_for("see_readers", document_id, current_user)
    rows = dissemination.by_unit(document)
    return render_template("documents/readers.html", document=document, rows=rows)


@bp.post("/<int:document_id>/tasks")
@login_required
def add_task(document_id: int):
    document = access.get_for("manage_tasks", document_id, current_user)
    form = TaskForm()
    form.assignee_unit_id.choices = [(0, "—")] + [(u.id, u.name) for u in _units()]
    if not form.validate():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "danger")
        return _back(document)
    try:
        day, month = plans.yearly_deadline(form.deadline_yearly.data)
        plans.add_task(
            document,
            form.description.data,
            assignee_unit_id=form.assignee_unit_id.data or None,
            assignee_role=form.assignee_role.data or None,
            assignee_text=form.assignee_text.data or "",
            deadline_on=form.deadline_on.data,
            deadline_day=day,
            deadline_month=month,
            target_count=form.target_count.data,
            target_text=form.target_text.data or "",
        )
        flash(_("Đã thêm nhiệm vụ."), "success")
    except DocumentError as exc:
        flash(str(exc), "danger")
    return _back(document)


@bp.post("/<int:document_id>/tasks/<int:task_id>/delete")
@login_required
def remove_task(document_id: int, task_id: int):
    document = access.get_for("manage_tasks", document_id, current_user)
    plans.remove_task(document, task_id)
    flash(_("Đã xoá nhiệm vụ."), "success")
    return _back(document)
