"""Evidence (minh chứng) of a nomination: personal data, shown only to those allowed."""

from flask import url_for
from flask_login import current_user

from intranet import policy, storage
from intranet.api.core import Blueprint
from intranet.api.files import BINARY
from intranet.api.pagination import paginate, sorts
from intranet.api.schemas.common import page_of
from intranet.api.schemas.exemplars import (
    EvidenceArgs,
    EvidenceInSchema,
    EvidenceSchema,
    ReviewSchema,
)
from intranet.exemplars import access, queries, services
from intranet.exemplars.models import Evidence

bp = Blueprint("api-evidence", __name__, url_prefix="/api/v1", description="Minh chứng")

EXEMPLAR = "<int(min=1, max=2147483647):exemplar_id>"
EVIDENCE = "<int(min=1, max=2147483647):evidence_id>"
SORTS = sorts(
    {"id": Evidence.id, "uploaded_at": Evidence.uploaded_at, "title": Evidence.title},
    Evidence.id,
)


def evidence_out(evidence: Evidence, reused: dict[int, list] | None = None) -> dict:
    """The evidence as the API shows it; ``reused``: the reuse of a whole page, found at once."""
    if reused is None:
        reused = (
            queries.reuse([evidence], current_user)
            if policy.may(current_user, "see_reuse", evidence.exemplar)
            else {}
        )
    out = {c.key: getattr(evidence, c.key) for c in Evidence.__table__.columns}
    out.update(
        stored=evidence.stored,
        review=evidence.review,
        reviewer=evidence.reviewer,
        uploaded_by=evidence.uploaded_by,
        download_url=url_for("api-evidence.download_evidence", evidence_id=evidence.id),
        reused_in=reused.get(evidence.id, []),
    )
    return out


@bp.route(f"/exemplars/{EXEMPLAR}/evidence")
@bp.arguments(EvidenceArgs, location="query")
@bp.response(200, page_of(EvidenceSchema))
@bp.problems(401, 403, 404)
def list_evidence(args, exemplar_id: int):
    """The nomination's evidence files, with their review

    Evidence is personal data: a nomination on the honour board is public, its evidence is not
    (403)."""
    exemplar = access.get_visible_or_404(exemplar_id, current_user)
    policy.require(current_user, "see_evidence", exemplar)
    query = access.visible_evidence(current_user).where(Evidence.exemplar_id == exemplar.id)
    if args.get("review") is not None:
        query = query.where(Evidence.review == args["review"])
    page = paginate(query, args, SORTS)
    reused = (
        queries.reuse(page["items"], current_user)
        if policy.may(current_user, "see_reuse", exemplar)
        else {}
    )
    page["items"] = [evidence_out(e, reused) for e in page["items"]]
    return page


@bp.route(f"/exemplars/{EXEMPLAR}/evidence", methods=["POST"])
@bp.multipart(EvidenceInSchema)
@bp.response(201, EvidenceSchema)
@bp.problems(401, 403, 404, 413, 415, 422)
def upload_evidence(data, exemplar_id: int):
    """Upload an evidence file (multipart, field "file"), by the nomination's owner"""
    exemplar = access.get_visible_or_404(exemplar_id, current_user)
    evidence = services.add_evidence(
        exemplar,
        data["file"],
        current_user,
        data.get("title", ""),
        data.get("evidence_date"),
        data.get("description", ""),
    )
    return evidence_out(evidence)


@bp.route(f"/evidence/{EVIDENCE}")
@bp.response(200, EvidenceSchema)
@bp.problems(401, 404)
def get_evidence(evidence_id: int):
    """One evidence file's record (404 also when the reader may not see it)"""
    return evidence_out(access.get_evidence_or_404(evidence_id, current_user))


@bp.route(f"/evidence/{EVIDENCE}/download")
@bp.doc(responses={"200": BINARY})
@bp.problems(401, 404)
def download_evidence(evidence_id: int):
    """The evidence file itself"""
    evidence = access.get_evidence_or_404(evidence_id, current_user)
    services.note_download(evidence, "Tải về (API)")
    return storage.send(evidence.stored, evidence.original_name)


@bp.route(f"/evidence/{EVIDENCE}/review", methods=["POST"])
@bp.json_body(ReviewSchema)
@bp.response(200, EvidenceSchema)
@bp.problems(401, 403, 404, 415, 422)
def review_evidence(data, evidence_id: int):
    """Accept or reject an evidence file (head of the unit, or the secretariat)"""
    evidence = access.get_evidence_or_404(evidence_id, current_user)
    services.review_evidence(evidence, data["verdict"], current_user, data.get("note", ""))
    return evidence_out(evidence)
