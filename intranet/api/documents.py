"""/documents: the archive's documents, as the documents pages show and change them."""

from dataclasses import fields as dataclass_fields

from flask import request
from flask_login import current_user
from sqlalchemy import select

from intranet import paper, policy
from intranet.accounts.models import Unit
from intranet.api.core import Blueprint
from intranet.api.errors import unknown_reference
from intranet.api.pagination import envelope
from intranet.api.schemas.common import page_of
from intranet.api.schemas.documents import (
    DocumentArgs,
    DocumentInSchema,
    DocumentPatchSchema,
    DocumentSchema,
    DocumentSummarySchema,
    ReturnSchema,
    RevokeSchema,
    SignSchema,
    SupersedeSchema,
)
from intranet.documents import access, queries, services
from intranet.documents.models import Document
from intranet.extensions import db

bp = Blueprint("api-documents", __name__, url_prefix="/api/v1/documents", description="Văn bản")

ID = "<int(min=1, max=2147483647):document_id>"
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": 'Phiên bản đã đọc (trường version của GET), ví dụ "3"; hoặc gửi trường version.',
}


def document_out(document: Document) -> dict:
    """The document as the reader may see it: links only to documents they may open."""
    visible = queries.visible_ids([b.target_id for b in document.basis], current_user)
    out = {c.key: getattr(document, c.key) for c in Document.__table__.columns}
    out.update(
        kind_label=document.kind_label,
        unit=document.unit,
        created_by=document.created_by,
        audience_units=[a.unit for a in document.audience if a.unit_id],
        audience_roles=sorted(a.role.value for a in document.audience if a.role),
        basis=[
            {
                "cited_text": b.cited_text,
                "implements": b.implements,
                "document_id": b.target_id if b.target_id in visible else None,
            }
            for b in document.basis
        ],
        relations=[
            {
                "relation": b.relation,
                "document_id": b.target_id if b.target_id in visible else None,
                "symbol": b.target.symbol if b.target else b.cited_text,
            }
            for b in document.relations
        ],
        related_by=[
            {"relation": b.relation, "document_id": d.id, "symbol": d.symbol}
            for b, d in queries.related_by(document, current_user)
        ],
        submitted_by=document.submitted_by,
        signed_by=document.signed_by,
        issued_by=document.issued_by,
        has_read=services.has_read(document, current_user),
    )
    return out


@bp.route("")
@bp.arguments(DocumentArgs, location="query")
@bp.response(200, page_of(DocumentSummarySchema))
@bp.problems(401)
def list_documents(args):
    """Documents the reader may open: filter by kind, year, status, unit or text; sort; page"""
    filters = queries.Filters(
        kind=args.get("kind"),
        status=args.get("status"),
        year=args.get("year"),
        unit=args.get("unit"),
        q=args.get("q"),
    )
    page = queries.page_of_documents(
        current_user, filters, args["sort"], args["page"], args["per_page"]
    )
    return envelope(list(page.items), page.total or 0, args)


def _check_units(data: dict) -> None:
    wanted = {data.get("unit_id"), *data.get("audience_units", [])} - {None}
    if wanted:
        found = set(db.session.execute(select(Unit.id).where(Unit.id.in_(wanted))).scalars())
        if wanted - found:
            bad_unit = data.get("unit_id") and data["unit_id"] not in found
            unknown_reference("unit_id" if bad_unit else "audience_units")


def _data(values: dict) -> services.DocumentData:
    names = {f.name for f in dataclass_fields(services.DocumentData)}
    return services.DocumentData(**{k: v for k, v in values.items() if k in names})


@bp.route("", methods=["POST"])
@bp.json_body(DocumentInSchema)
@bp.response(201, DocumentSchema)
@bp.problems(401, 403, 415, 422)
def create_document(data):
    """A new draft (secretariat; a unit head: the unit's plans and reports, unnumbered
    "…/KH-KKT"); then submit, sign and issue it"""
    policy.require(current_user, "create", Document)
    _check_units(data)
    document = services.save_document(None, _data(data), current_user)
    return document_out(document)


@bp.route(f"/{ID}")
@bp.response(200, DocumentSchema)
@bp.problems(401, 404)
def get_document(document_id: int):
    """One document (404 also when the reader may not open it)"""
    return document_out(access.get_visible_or_404(document_id, current_user))


def _current_values(document: Document) -> dict:
    return {
        "kind": document.kind,
        "number_symbol": document.symbol,
        "issued_on": document.issued_on,
        "summary": document.summary,
        "issued_place": document.issued_place,
        "issuer_name": document.issuer_name,
        "body": document.body,
        "period_start": document.period_start,
        "period_end": document.period_end,
        "signer_name": document.signer_name,
        "signer_authority": document.signer_authority,
        "signer_title": document.signer_title,
        "recipients": document.recipients,
        "unit_id": document.unit_id,
        "basis": [b.cited_text for b in document.basis if not b.implements],
        "implements": next((b.cited_text for b in document.basis if b.implements), ""),
        "audience_all": document.audience_all,
        "audience_units": [a.unit_id for a in document.audience if a.unit_id],
        "audience_roles": [a.role.value for a in document.audience if a.role],
        "relation": next((b.relation for b in document.relations), ""),
        "relation_target": next((b.target.symbol for b in document.relations if b.target), ""),
    }


@bp.route(f"/{ID}", methods=["PATCH"])
@bp.json_body(DocumentPatchSchema)
@bp.response(200, DocumentSchema)
@bp.doc(parameters=[IF_MATCH])
@bp.problems(401, 403, 404, 409, 415, 422, 428)
def update_document(data, document_id: int):
    """Change a draft; the fields left out keep their value. An issued document: 409.

    Name the version the change was made on, from GET: the header ``If-Match: "3"`` or the
    field ``version``. Without it the answer is 428; when the document changed since, 409 and
    nothing is saved.
    """
    document = access.get_for("edit", document_id, current_user)
    version = data.pop("version", None)
    if version is None:
        version = request.headers.get("If-Match")
    _check_units(data)
    values = _current_values(document) | data
    services.save_document(document, _data(values), current_user, version=version)
    return document_out(document)


@bp.route(f"/{ID}/submit", methods=["POST"])
@bp.response(200, DocumentSchema)
@bp.problems(401, 403, 404, 409, 422)
def submit_document(document_id: int):
    """Submit a draft for signature (trình ký): the secretariat, or the head of its unit"""
    document = access.get_for("submit", document_id, current_user)
    services.submit(document, current_user)
    return document_out(document)


@bp.route(f"/{ID}/sign", methods=["POST"])
@bp.json_body(SignSchema)
@bp.response(200, DocumentSchema)
@bp.problems(401, 403, 404, 409, 415, 422)
def sign_document(data, document_id: int):
    """Sign a submitted document (a leader): authority ("KT. HIỆU TRƯỞNG", "TL. …", "" …),
    title and printed name (the signer's own name when left out)"""
    document = access.get_for("sign", document_id, current_user)
    signature = services.Signature(
        signer_name=data.get("signer_name") or current_user.full_name,
        signer_title=data["signer_title"],
        signer_authority=data.get("signer_authority", ""),
    )
    services.sign(document, current_user, signature)
    return document_out(document)


@bp.route(f"/{ID}/return", methods=["POST"])
@bp.json_body(ReturnSchema)
@bp.response(200, DocumentSchema)
@bp.problems(401, 403, 404, 409, 415, 422)
def return_document(data, document_id: int):
    """Return a submitted or signed document to its drafter, with the reason: a draft again"""
    document = access.get_for("return", document_id, current_user)
    services.return_to_draft(document, current_user, data["reason"])
    return document_out(document)


@bp.route(f"/{ID}/publish", methods=["POST"])
@bp.response(200, DocumentSchema)
@bp.problems(401, 403, 404, 409, 422)
def publish_document(document_id: int):
    """Issue a signed document (secretariat): the number is taken now, the documents it amends,
    replaces, corrects or revokes change with it, and its audience receives it"""
    document = access.get_for("publish", document_id, current_user)
    services.issue(document, current_user)
    return document_out(document)


@bp.route(f"/{ID}/revoke", methods=["POST"])
@bp.json_body(RevokeSchema)
@bp.response(200, DocumentSchema)
@bp.problems(401, 403, 404, 409, 415)
def revoke_document(data, document_id: int):
    """Refused: an issued document is revoked only by issuing a document that revokes it
    (``relation: "revokes"``); 409 for an issued document, 403 before issue"""
    access.get_for("retire", document_id, current_user)


@bp.route(f"/{ID}/supersede", methods=["POST"])
@bp.json_body(SupersedeSchema)
@bp.response(200, DocumentSchema)
@bp.problems(401, 403, 404, 409, 415)
def supersede_document(data, document_id: int):
    """Refused: an issued document is replaced only by issuing the document that replaces it
    (``relation: "replaces"``); 409 for an issued document, 403 before issue"""
    access.get_for("retire", document_id, current_user)


@bp.route(f"/{ID}/read", methods=["POST"])
@bp.response(204)
@bp.problems(401, 404, 422)
def mark_read(document_id: int):
    """Record that the reader has read a published document"""
    document = access.get_visible_or_404(document_id, current_user)
    services.mark_read(document, current_user)
    return None


PAPER = {
    "description": "Bản giấy theo Nghị định 30/2020/NĐ-CP (PDF hoặc DOCX)",
    "content": {
        "application/pdf": {"schema": {"type": "string", "format": "binary"}},
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
            "schema": {"type": "string", "format": "binary"}
        },
    },
}


@bp.route(f"/{ID}/paper.pdf")
@bp.doc(responses={"200": PAPER})
@bp.problems(401, 404)
def paper_pdf(document_id: int):
    """The paper copy in the decree's form, as PDF (whoever may open the document)"""
    return paper.download(access.get_visible_or_404(document_id, current_user), "pdf")


@bp.route(f"/{ID}/paper.docx")
@bp.doc(responses={"200": PAPER})
@bp.problems(401, 404)
def paper_docx(document_id: int):
    """The paper copy in the decree's form, as DOCX for Word (whoever may open the document)"""
    return paper.download(access.get_visible_or_404(document_id, current_user), "docx")
