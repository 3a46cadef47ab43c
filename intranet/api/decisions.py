"""Commendation decisions (QĐ documents) and their award lines."""

from dataclasses import fields as dataclass_fields

from flask_login import current_user

from intranet import policy
from intranet.api.core import Blueprint
from intranet.api.pagination import paginate, sorts
from intranet.api.schemas.common import page_of
from intranet.api.schemas.exemplars import (
    AwardLineInSchema,
    AwardLineSchema,
    DecisionArgs,
    DecisionSchema,
    LineArgs,
)
from intranet.documents import access as document_access
from intranet.documents.models import Document, Status
from intranet.domain import NotFound
from intranet.exemplars import decisions, queries
from intranet.exemplars.models import AwardLine

bp = Blueprint(
    "api-decisions", __name__, url_prefix="/api/v1/decisions", description="Quyết định khen thưởng"
)

ID = "<int(min=1, max=2147483647):document_id>"
SORTS = sorts(
    {"issued_on": Document.issued_on, "number": Document.year * 1_000_000 + Document.number},
    Document.id,
)
LINE_SORTS = sorts({"position": AwardLine.position, "amount": AwardLine.amount}, AwardLine.id)


@bp.route("")
@bp.arguments(DecisionArgs, location="query")
@bp.response(200, page_of(DecisionSchema))
@bp.problems(401)
def list_decisions(args):
    """Decisions (QĐ) the reader may open, with their number of award lines and total"""
    status = Status(args["status"]) if args.get("status") else None
    page = paginate(
        queries.decisions(current_user, year=args.get("year"), status=status), args, SORTS
    )
    totals = queries.line_totals([d.id for d in page["items"]])
    page["items"] = [
        {
            "id": d.id,
            "symbol": d.symbol,
            "year": d.year,
            "issued_on": d.issued_on,
            "summary": d.summary,
            "status": d.status.value,
            "line_count": totals.get(d.id, (0, 0))[0],
            "total_amount": totals.get(d.id, (0, 0))[1],
        }
        for d in page["items"]
    ]
    return page


def _decision(document_id: int) -> Document:
    document = document_access.get_visible_or_404(document_id, current_user)
    if document.kind != decisions.DECISION_KIND:
        raise NotFound()
    return document


@bp.route(f"/{ID}/lines")
@bp.arguments(LineArgs, location="query")
@bp.response(200, page_of(AwardLineSchema))
@bp.problems(401, 404)
def list_lines(args, document_id: int):
    """The award lines of one decision"""
    document = _decision(document_id)
    query = policy.visible(AwardLine, current_user).where(AwardLine.document_id == document.id)
    return paginate(query, args, LINE_SORTS)


@bp.route(f"/{ID}/lines", methods=["POST"])
@bp.json_body(AwardLineInSchema)
@bp.response(201, AwardLineSchema)
@bp.problems(401, 403, 404, 409, 415, 422)
def add_line(data, document_id: int):
    """Add an award line to a draft decision (secretariat); an issued one: 409. Its exemplars
    are recognised when the decision is issued"""
    document = _decision(document_id)
    document_access.require(current_user, "award", document)
    names = {f.name for f in dataclass_fields(decisions.AwardData)}
    award = decisions.AwardData(**{k: v for k, v in data.items() if k in names})
    return decisions.add_award_line(document, award, current_user)
