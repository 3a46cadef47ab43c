"""Pages of supervision: the dashboard, unit reports, exports and notifications."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select, update

from intranet import clock, storage
from intranet.accounts.models import Unit
from intranet.accounts.permissions import heads_unit, publishes, reads_everything
from intranet.extensions import db
from intranet.supervision import dashboard, exports, reports, rules
from intranet.supervision.forms import ReportForm, ReturnForm
from intranet.supervision.models import Notification, UnitReport

bp = Blueprint("supervision", __name__, url_prefix="/supervision")


@bp.get("/")
@login_required
def dashboard_page():
    board = dashboard.build(current_user)
    return render_template(
        "supervision/dashboard.html",
        board=board,
        today=rules.today(),
        supervises=reads_everything(current_user),
    )


def _may_see_unit(unit_id: int) -> bool:
    """Supervisors see every unit; everyone else their own unit (its row, reports, lists)."""
    return reads_everything(current_user) or current_user.unit_id == unit_id


@bp.get("/reports")
@login_required
def report_list():
    year = request.args.get("year", type=int) or rules.today().year
    units = dashboard.units_for(current_user)
    due = rules.deadline(year)
    rows = []
    for unit in units:
        report = reports.get(unit.id, year)
        state, days = rules.report_state(report, due, rules.today())
        rows.append((unit, report, state, days))
    may_submit = {u.id for u in units if heads_unit(current_user, u.id)}
    return render_template(
        "supervision/reports.html",
        rows=rows,
        year=year,
        due=due,
        years=rules.plan_years(),
        form=ReportForm(),
        may_submit=may_submit,
        live=reports.live_list,
    )


@bp.post("/reports/<int:year>/<int:unit_id>")
@login_required
def submit_report(year: int, unit_id: int):
    unit = db.get_or_404(Unit, unit_id)
    form = ReportForm()
    try:
        reports.submit(unit, year, current_user, form.summary.data or "", request.files.get("file"))
        flash(_("Đã nộp báo cáo năm %(y)d của %(u)s.", y=year, u=unit.name), "success")
    except reports.ReportError as exc:
        flash(str(exc), "danger")
    return redirect(url_for("supervision.report_list", year=year))


def _report_or_404(report_id: int) -> UnitReport:
    report = db.get_or_404(UnitReport, report_id)
    if not _may_see_unit(report.unit_id):
        abort(404)
    return report


@bp.get("/reports/view/<int:report_id>")
@login_required
def report_detail(report_id: int):
    report = _report_or_404(report_id)
    state, days = rules.report_state(report, rules.deadline(report.year), rules.today())
    return render_template(
        "supervision/report.html",
        report=report,
        state=state,
        days=days,
        items=reports.frozen_list(report),
        form=ReturnForm(),
        may_return=publishes(current_user),
    )


@bp.post("/reports/view/<int:report_id>/return")
@login_required
def return_report(report_id: int):
    report = _report_or_404(report_id)
    form = ReturnForm()
    try:
        reports.return_for_correction(report, current_user, form.note.data or "")
        flash(_("Đã trả lại báo cáo để đơn vị sửa."), "success")
    except reports.ReportError as exc:
        flash(str(exc), "danger")
    return redirect(url_for("supervision.report_detail", report_id=report.id))


@bp.get("/reports/view/<int:report_id>/file")
@login_required
def report_file(report_id: int):
    report = _report_or_404(report_id)
    if report.stored is None:
        abort(404)
    return storage.send(report.stored, report.original_name)


@bp.get("/export/unit/<int:unit_id>/<int:year>.<fmt>")
@login_required
def export_unit(unit_id: int, year: int, fmt: str):
    unit = db.get_or_404(Unit, unit_id)
    if not _may_see_unit(unit.id):
        abort(404)
    return _export(exports.unit_listing(unit, year), fmt, f"danh-sach-{unit.code}-{year}")


@bp.get("/export/school/<int:year>.<fmt>")
@login_required
def export_school(year: int, fmt: str):
    if not reads_everything(current_user):
        abort(403)
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
    else:
        abort(404)
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@bp.get("/notifications")
@login_required
def notifications():
    rows = (
        db.session.execute(
            select(Notification)
            .where(Notification.user_id == current_user.id)
            .order_by(Notification.created_at.desc())
            .limit(100)
        )
        .scalars()
        .all()
    )
    return render_template("supervision/notifications.html", rows=rows)


@bp.post("/notifications/read")
@login_required
def notifications_read():
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == current_user.id, Notification.read_at.is_(None))
        .values(read_at=clock.now())
    )
    db.session.commit()
    return redirect(url_for("supervision.notifications"))


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return db.session.execute(
        select(db.func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
    ).scalar_one()
