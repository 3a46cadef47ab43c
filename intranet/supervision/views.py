"""Pages of supervision: the dashboard, unit reports and exports.

Who may see and do what is asked of ``access.py``; the lists come from ``queries.py``.
"""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from intranet import storage
from intranet.accounts.models import Unit
from intranet.domain import Denied, NotFound
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.supervision import access, bp, dashboard, exports, quarterly, queries, reports, rules
from intranet.supervision.forms import ReportForm, ReturnForm

__all__ = ["bp"]


@bp.get("/")
@login_required
def dashboard_page():
    board = dashboard.build(current_user)
    return render_template(
        "supervision/dashboard.html",
        board=board,
        today=rules.today(),
        supervises=access.may_export_school(current_user),
        reads_inspections=access.may_read_inspections(current_user),
    )


@bp.get("/quarters")
@login_required
def quarters_page():
    """The year by quarter, per unit: for those who read everything."""
    if not access.may_export_school(current_user):
        raise Denied(kind="quarterly_dashboard", action="see")
    this_year = rules.today().year
    year = request.args.get("year", type=int) or this_year
    if not 2000 <= year <= this_year + 1:
        raise NotFound()
    years = sorted({*rules.plan_years(), this_year})
    return render_template(
        "supervision/quarterly.html", board=quarterly.build(year), years=years, today=rules.today()
    )


@bp.get("/reports")
@login_required
def report_list():
    year = request.args.get("year", type=int) or rules.today().year
    return render_template(
        "supervision/reports.html",
        rows=queries.report_rows(current_user, year, with_lists=True),
        year=year,
        due=rules.deadline(year),
        years=rules.plan_years(),
        form=ReportForm(),
    )


@bp.post("/reports/<int:year>/<int:unit_id>")
@login_required
def submit_report(year: int, unit_id: int):
    unit = db.session.get(Unit, unit_id)
    if unit is None:
        raise NotFound(kind="unit", record_id=unit_id)
    form = ReportForm()
    try:
        reports.submit(
            unit,
            year,
            current_user,
            form.summary.data or "",
            request.files.get("file"),
            version=request.form.get("version"),
        )
        flash(_("Đã nộp báo cáo năm %(y)d của %(u)s.", y=year, u=unit.name), "success")
    except reports.ReportError as exc:
        flash(str(exc), "danger")
    return redirect(url_for("supervision.report_list", year=year))


@bp.get("/reports/view/<int:report_id>")
@login_required
def report_detail(report_id: int):
    report = reports.get_visible_or_404(report_id, current_user)
    state, days = rules.report_state(report, rules.deadline(report.year), rules.today())
    return render_template(
        "supervision/report.html",
        report=report,
        state=state,
        days=days,
        items=reports.frozen_list(report),
        spread=reports.spread(report.unit_id, report.year),
        target=rules.target(report.year),
        form=ReturnForm(),
        may_return=access.may_return(current_user, report),
    )


@bp.post("/reports/view/<int:report_id>/return")
@login_required
def return_report(report_id: int):
    report = reports.get_visible_or_404(report_id, current_user)
    form = ReturnForm()
    try:
        reports.return_for_correction(
            report, current_user, form.note.data or "", request.form.get("version")
        )
        flash(_("Đã trả lại báo cáo để đơn vị sửa."), "success")
    except reports.ReportError as exc:
        flash(str(exc), "danger")
    return redirect(url_for("supervision.report_detail", report_id=report.id))


@bp.get("/reports/view/<int:report_id>/file")
@login_required
def report_file(report_id: int):
    report = reports.get_visible_or_404(report_id, current_user)
    if report.stored is None:
        raise NotFound()
    return storage.send(report.stored, report.original_name)


@bp.get("/export/unit/<int:unit_id>/<int:year>.<fmt>")
@login_required
def export_unit(unit_id: int, year: int, fmt: str):
    access.require_unit(current_user, unit_id)
    unit = db.session.get(Unit, unit_id)
    if unit is None:
        raise NotFound(kind="unit", record_id=unit_id)
    return _export(exports.unit_listing(unit, year), fmt, f"danh-sach-{unit.code}-{year}")


@bp.get("/export/school/<int:year>.<fmt>")
@login_required
def export_school(year: int, fmt: str):
    if not access.may_export_school(current_user):
        raise Denied(kind="school_list", action="export")
    return _export(exports.school_listing(year), fmt, f"danh-sach-toan-truong-{year}")


def _export(listing, fmt: str, name: str) -> Response:
    if fmt == "xlsx":
        data = exports.to_xlsx(listing)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "pdf":
        data = exports.to_pdf(
            listing,
            signer={
                "authority": "TM. HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
                "title": "CHỦ TỊCH",
                "name": "",
            },
        )
        mimetype = "application/pdf"
    elif fmt == "docx":
        data = exports.to_docx(listing)
        mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        raise NotFound()
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
