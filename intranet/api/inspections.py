"""/inspections: the council's inspections of units, with their records and follow-ups."""

from flask_login import current_user

from intranet import policy
from intranet.accounts.models import Unit
from intranet.api.core import Blueprint
from intranet.api.errors import unknown_reference
from intranet.api.pagination import paginate, sorts
from intranet.api.schemas.common import page_of
from intranet.api.schemas.supervision import (
    InspectionArgs,
    InspectionInSchema,
    InspectionSchema,
    InspectionSummarySchema,
)
from intranet.extensions import db
from intranet.supervision import access, inspections, queries
from intranet.supervision.models import Inspection

bp = Blueprint(
    "api-inspections", __name__, url_prefix="/api/v1/inspections", description="Kiểm tra"
)

ID = "<int(min=1, max=2147483647):inspection_id>"
SORTS = sorts(
    {"inspected_on": Inspection.inspected_on, "created_at": Inspection.created_at}, Inspection.id
)


@bp.route("")
@bp.arguments(InspectionArgs, location="query")
@bp.response(200, page_of(InspectionSummarySchema))
@bp.problems(401, 403)
def list_inspections(args):
    """Inspections: all of them for supervisors, one's own unit's for its head"""
    access.require_inspections(current_user)
    query = queries.inspections(current_user, args.get("unit"), args.get("year"))
    return paginate(query.order_by(None), args, SORTS)


@bp.route("", methods=["POST"])
@bp.json_body(InspectionInSchema)
@bp.response(201, InspectionSchema)
@bp.problems(401, 403, 415, 422)
def create_inspection(data):
    """Record an inspection with the documents and nominations examined (inspectors)"""
    policy.require(current_user, "create", Inspection)
    unit = db.session.get(Unit, data["unit_id"])
    if unit is None:
        unknown_reference("unit_id")
    return inspections.record(
        current_user,
        unit,
        data["inspected_on"],
        data["members"],
        data["scope"],
        data.get("findings", ""),
        data.get("conclusion", ""),
        data.get("document_symbols", []),
        data.get("exemplar_ids", []),
    )


@bp.route(f"/{ID}")
@bp.response(200, InspectionSchema)
@bp.problems(401, 404)
def get_inspection(inspection_id: int):
    """One inspection with its follow-ups (404 also when the reader may not see it)"""
    return inspections.get_visible_or_404(inspection_id, current_user)
