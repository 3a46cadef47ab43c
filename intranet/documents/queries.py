"""The documents' lists, as the pages and the API both ask for them, limited by the one rule."""

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from intranet import policy
from intranet.documents import access, numbering
from intranet.documents.models import ISSUED, Basis, Document, DocumentFile, Status
from intranet.domain import NotFound
from intranet.extensions import db
from intranet.text import fold

# Each sort by name; "-name" is the same, descending. Ties end on the id, so pages never overlap.
SORTS = {
    "issued_on": (Document.issued_on, Document.number),
    "number": (Document.year * 1_000_000 + Document.number,),
    "summary": (Document.summary,),
    "updated_at": (Document.updated_at,),
}
DEFAULT_SORT = "-issued_on"


@dataclass
class Filters:
    """What a reader may narrow the list by; None (or "") leaves it open."""

    kind: str | None = None
    status: Status | None = None
    year: int | None = None
    unit: int | None = None
    q: str | None = None


def ordering(sort: str) -> tuple:
    """The ORDER BY of a sort name ("issued_on", "-issued_on", …); unknown: the default."""
    name = sort.removeprefix("-")
    if name not in SORTS:
        return ordering(DEFAULT_SORT)
    descending = sort.startswith("-")
    columns = (*SORTS[name], Document.id)
    return tuple(c.desc() if descending else c.asc() for c in columns)


def documents(user, filters: Filters, sort: str = DEFAULT_SORT):
    """The documents ``user`` may open, narrowed by ``filters``, in the order ``sort``."""
    query = access.visible_documents(user)
    for value, column in (
        (filters.kind, Document.kind),
        (filters.status, Document.status),
        (filters.year, Document.year),
        (filters.unit, Document.unit_id),
    ):
        if value is not None and value != "":
            query = query.where(column == value)
    if filters.q:
        # A whole number and symbol ("5/KH-KKT", "05/kh-kkt") is that document; other text is
        # looked for in the summary and the symbols.
        key = numbering.folded_key(filters.q)
        symbol = (
            Document.symbol_folded == key
            if key
            else Document.symbol_folded.icontains(fold(filters.q), autoescape=True)
        )
        query = query.where(or_(Document.summary.icontains(filters.q, autoescape=True), symbol))
    return query.order_by(*ordering(sort))


def page_of_documents(
    user, filters: Filters, sort: str, page: int, per_page: int, *options, total=None
):
    """One page of ``documents`` (a flask-sqlalchemy Pagination; past the end: empty);
    ``options``: loader options for what the page shows of them; ``total``: how many documents
    the filters leave, when the caller knows it already (then not counted again)."""
    found = db.paginate(
        documents(user, filters, sort).options(*options),
        page=page,
        per_page=per_page,
        max_per_page=100,
        error_out=False,
        count=total is None,
    )
    if total is not None:
        found.total = total
    return found


def by_year(user) -> dict[int, int]:
    """How many documents ``user`` may open, by year, newest first: the list's year filter, and
    the unfiltered list's total in the same look at the table."""
    query = (
        select(Document.year, func.count())
        .where(access.visible_condition(user))
        .group_by(Document.year)
        .order_by(Document.year.desc())
    )
    return dict(db.session.execute(query).all())


def visible_ids(ids, user) -> set[int]:
    """Of these documents (cited in a basis, say), those ``user`` may open: linked, not cited."""
    ids = [i for i in ids if i]
    if not ids:
        return set()
    query = select(Document.id).where(Document.id.in_(ids), access.visible_condition(user))
    return set(db.session.execute(query).scalars())


def implementing(document: Document, user) -> list[Document]:
    """Down the plan chain: the plans that carry this one out, among those ``user`` may see."""
    query = (
        select(Document)
        .join(Basis, Basis.document_id == Document.id)
        .where(
            Basis.target_id == document.id,
            Basis.implements.is_(True),
            access.visible_condition(user),
        )
        .order_by(Document.issued_on)
    )
    return list(db.session.execute(query).scalars())


def awaiting_signature(user) -> int:
    """How many documents wait for ``user``'s signature (0 for those who do not sign)."""
    if not policy.may(user, "sign", Document(status=Status.SUBMITTED)):
        return 0
    query = (
        select(func.count())
        .select_from(Document)
        .where(access.visible_condition(user), Document.status == Status.SUBMITTED)
    )
    return db.session.execute(query).scalar() or 0


def related_by(document: Document, user) -> list[tuple[Basis, Document]]:
    """The issued documents that amend, replace, correct or revoke this one (the chain's other
    way), among those ``user`` may see, oldest first."""
    query = (
        select(Basis, Document)
        .join(Document, Basis.document_id == Document.id)
        .where(
            Basis.target_id == document.id,
            Basis.relation != "",
            Document.status.in_(ISSUED),
            access.visible_condition(user),
        )
        .order_by(Document.issued_on, Document.id)
    )
    return [(row.Basis, row.Document) for row in db.session.execute(query)]


def files_of(document: Document):
    """A document's attachments that are not in the trash (its readers see them all)."""
    return select(DocumentFile).where(
        DocumentFile.document_id == document.id, DocumentFile.deleted_at.is_(None)
    )


def trashed_files() -> list[DocumentFile]:
    """The attachments in the trash, the latest first (for those who manage the trash)."""
    query = (
        select(DocumentFile)
        .where(DocumentFile.deleted_at.is_not(None))
        .order_by(DocumentFile.deleted_at.desc())
    )
    return list(db.session.execute(query).scalars())


def file_or_404(file_id: int) -> DocumentFile:
    """Any attachment, in the trash or not, for those who manage the trash; else NotFound."""
    doc_file = db.session.get(DocumentFile, file_id)
    if doc_file is None:
        raise NotFound(kind="document_file", record_id=file_id)
    return doc_file
