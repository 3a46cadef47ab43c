"""/reports: units' annual reports, as the supervision pages list, submit and show them."""

from flask import url_for
from flask_login import current_user

from intranet import storage
from intranet.api.core import Blueprint
from intranet.api.errors import fail
from intranet.api.files import BINARY
from intranet.api.pagination import slice_page
from intranet.api.schemas.common import page_of
from intranet.api.schemas.supervision import (
    ReportArgs,
    ReportInSchema,
    ReportRowSchema,
    ReportSchema,
)
from intranet.supervision import dashboard, reports, rules
from intranet.supervision.models import UnitReport

bp = Blueprint("api-reports", __name__, url_prefix="/api/v1/reports", description="Báo cáo năm")

ID = "<int(min=1, max=2147483647):report_id>"


def report_out(report: UnitReport) -> dict:
    due = rules.deadline(report.year)
    state, _days = rules.report_state(report, due, rules.today())
    return {
        "id": report.id,
        "unit": report.unit,
        "year": report.year,
        "summary": report.summary,
        "original_name": report.original_name,
        "file_url": url_for("api-reports.report_file", report_id=report.id)
        if report.stored_file_id
        else None,
        "exemplars": reports.frozen_list(report),
        "deadline": due,
        "state": state,
        "submitted_at": report.submitted_at,
        "submitted_by": report.submitted_by,
        "returned_at": report.returned_at,
        "returned_by": report.returned_by,
        "return_note": report.return_note,
    }


@bp.route("")
@bp.arguments(ReportArgs, location="query")
@bp.response(200, page_of(ReportRowSchema))
@bp.problems(401)
def list_reports(args):
    """Each unit's report for a year (one's own unit, for those who do not supervise)"""
    year = args.get("year") or rules.today().year
    due, today = rules.deadline(year), rules.today()
    units = dashboard.units_for(current_user)
    key = args["sort"].lstrip("-")
    units.sort(key=lambda u: getattr(u, key), reverse=args["sort"].startswith("-"))
    rows = []
    for unit in units:
        report = reports.get(unit.id, year)
        state, days = rules.report_state(report, due, today)
        rows.append(
            {
                "unit": unit,
                "year": year,
                "deadline": due,
                "state": state,
                "state_label": state.label,
                "days": days,
                "report": report,
            }
        )
    return slice_page(rows, args)


@bp.route("", methods=["POST"])
@bp.multipart(ReportInSchema)
@bp.response(201, ReportSchema)
@bp.problems(401, 403, 413, 415, 422)
def submit_report(data):
    """Submit the caller's unit's report for a year (unit head), with the exemplar list frozen"""
    report = reports.submit(
        current_user.unit, data["year"], current_user, data.get("summary", ""), data.get("file")
    )
    return report_out(report)


@bp.route(f"/{ID}")
@bp.response(200, ReportSchema)
@bp.problems(401, 404)
def get_report(report_id: int):
    """One report (404 also when the reader may not see it)"""
    return report_out(reports.get_visible_or_404(report_id, current_user))


@bp.route(f"/{ID}/file")
@bp.doc(responses={"200": BINARY})
@bp.problems(401, 404)
def report_file(report_id: int):
    """The report's attached file"""
    report = reports.get_visible_or_404(report_id, current_user)
    if report.stored is None:
        fail(404)
    return storage.send(report.stored, report.original_name)
