"""/reports: units' annual reports, as the supervision pages list, submit and show them.

Who may see a report is asked of ``supervision/access.py`` (the unit's head and those who read
everything), the list comes from ``supervision/queries.py``: the pages and the API agree.
"""

from flask import request, url_for
from flask_login import current_user

from intranet import storage
from intranet.api.core import Blueprint
from intranet.api.files import BINARY
from intranet.api.pagination import slice_page
from intranet.api.schemas.common import page_of
from intranet.api.schemas.supervision import (
    ReportArgs,
    ReportInSchema,
    ReportRowSchema,
    ReportSchema,
)
from intranet.domain import NotFound
from intranet.supervision import queries, reports, rules
from intranet.supervision.models import UnitReport

bp = Blueprint("api-reports", __name__, url_prefix="/api/v1/reports", description="Báo cáo năm")

ID = "<int(min=1, max=2147483647):report_id>"
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "schema": {"type": "string"},
    "description": "Khi nộp lại báo cáo đã bị trả: phiên bản đang sửa (ETag của GET), "
    "hoặc gửi trường “version”",
}


def report_out(report: UnitReport) -> dict:
    due = rules.deadline(report.year)
    state, _days = rules.report_state(report, due, rules.today())
    return {
        "id": report.id,
        "version": report.version,
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


def _with_etag(report: UnitReport, status: int = 200):
    """The report, with its version as the ETag a resubmission sends back in If-Match."""
    return report_out(report), status, {"ETag": f'"{report.version}"'}


@bp.route("")
@bp.arguments(ReportArgs, location="query")
@bp.response(200, page_of(ReportRowSchema))
@bp.problems(401)
def list_reports(args):
    """Each unit's report for a year: every unit for those who read everything, one's own
    unit for its head, none for anyone else"""
    year = args.get("year") or rules.today().year
    due = rules.deadline(year)
    rows = [
        {
            "unit": row.unit,
            "year": year,
            "deadline": due,
            "state": row.state,
            "state_label": row.state.label,
            "days": row.days,
            "report": row.report,
        }
        for row in queries.report_rows(current_user, year, sort=args["sort"])
    ]
    return slice_page(rows, args)


@bp.route("", methods=["POST"])
@bp.doc(parameters=[IF_MATCH])
@bp.multipart(ReportInSchema)
@bp.response(201, ReportSchema)
@bp.problems(401, 403, 409, 413, 415, 422, 428)
def submit_report(data):
    """Submit the caller's unit's report for a year (unit head), with the exemplar list frozen

    Resubmitting a report returned for correction changes it: the version corrected is
    required, in the If-Match header or the ``version`` field (428 when missing, 409 when
    someone changed the report since)."""
    version = request.headers.get("If-Match") or data.get("version")
    report = reports.submit(
        current_user.unit,
        data["year"],
        current_user,
        data.get("summary", ""),
        data.get("file"),
        version=version,
    )
    return _with_etag(report, 201)


@bp.route(f"/{ID}")
@bp.response(200, ReportSchema)
@bp.problems(401, 404)
def get_report(report_id: int):
    """One report (404 also when the reader may not see it); its version is the ETag"""
    return _with_etag(reports.get_visible_or_404(report_id, current_user))


@bp.route(f"/{ID}/file")
@bp.doc(responses={"200": BINARY})
@bp.problems(401, 404)
def report_file(report_id: int):
    """The report's attached file"""
    report = reports.get_visible_or_404(report_id, current_user)
    if report.stored is None:
        raise NotFound()
    return storage.send(report.stored, report.original_name)
