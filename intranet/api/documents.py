"""/documents: the archive's documents, as the documents pages show and change them."""

from dataclasses import fields as dataclass_fields

from flask import request
from flask_babel import gettext as _
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
    RevokeSchema,
    SupersedeSchema,
)
from intranet.documents import access, queries, services
from intranet.documents.errors import DocumentError
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
    """A new draft (secretariat); publish it with POST /documents/{id}/publish"""
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
    }


@bp.route(f"/{ID}", methods=["PATCH"])
@bp.json_body(DocumentPatchSchema)
@bp.response(200, DocumentSchema)
@bp.doc(parameters=[IF_MATCH])
@bp.problems(401, 403, 404, 409, 415, 422, 428)
def update_document(data, document_id: int):
    """Change a draft (secretariat); the fields left out keep their value.

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


@bp.route(f"/{ID}/publish", methods=["POST"])
@bp.response(200, DocumentSchema)
@bp.problems(401, 403, 404, 422)
def publish_document(document_id: int):
    """Publish a draft to its audience (secretariat)"""
    document = access.get_for("publish", document_id, current_user)
    services.publish(document, current_user)
    return document_out(document)


@bp.route(f"/{ID}/revoke", methods=["POST"])
@bp.json_body(RevokeSchema)
@bp.response(200, DocumentSchema)
@bp.problems(401, 403, 404, 415, 422)
def revoke_document(data, document_id: int):
    """Revoke a published document, with the reason (secretariat)"""
    document = access.get_for("retire", document_id, current_user)
    services.revoke(document, data["reason"])
    return document_out(document)


@bp.route(f"/{ID}/supersede", methods=["POST"])
@bp.json_body(SupersedeSchema)
@bp.response(200, DocumentSchema)
@bp.problems(401, 403, 404, 415, 422)
def supersede_document(data, document_id: int):
    """Mark a published document replaced by another, by id or by number and symbol"""
    document = access.get_for("retire", document_id, current_user)
    if data.get("replacement_id"):
        replacement = db.session.execute(
            access.visible_documents(current_user).where(Document.id == data["replacement_id"])
        ).scalar()
        if replacement is None:
            raise DocumentError(_("Không có văn bản thay thế này trong kho."))
    elif data.get("replacement_symbol"):
        replacement = services.find_by_symbol(data["replacement_symbol"])
    else:
        raise DocumentError(
            _("Hãy cho biết văn bản thay thế: replacement_id hoặc replacement_symbol.")
        )
    services.supersede(document, replacement, data.get("note", ""))
    return document_out(document)


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
