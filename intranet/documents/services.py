"""The rules of documents: numbering, basis links, life, audience and reading."""

import re
from dataclasses import dataclass, field
from datetime import date

from flask.signals import Namespace
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from intranet import clock
from intranet.accounts.models import Role, Unit, User
from intranet.documents import numbering
from intranet.documents.errors import DocumentError
from intranet.documents.models import Basis, Document, DocumentAudience, DocumentRead, Status
from intranet.domain import check_version, transaction
from intranet.extensions import db
from intranet.text import fold, nfc

COLLEGE_ISSUER = "CĐBP"
SYMBOL_MAX = 60  # Document.symbol_folded and Basis.cited_symbol_folded
ISSUER_MAX = 40  # Document.issuer_code
# Sent inside publish()'s transaction: areas that depend on documents (decisions) hook in here
# rather than documents importing them.
published = Namespace().signal("document-published")
_CITED_SYMBOL = re.compile(r"(?:số\s*)?(\d{1,6}\s*/\s*[\w.]+(?:-[\w.]+)*)", re.IGNORECASE)


@dataclass
class DocumentData:
    """What a form, the API or the importer gives to create or change a document."""

    kind: str
    number_symbol: str
    issued_on: date
    summary: str
    issued_place: str = ""
    issuer_name: str = ""
    body: str = ""
    period_start: int | None = None
    period_end: int | None = None
    signer_name: str = ""
    signer_authority: str = ""
    signer_title: str = ""
    recipients: str = ""
    unit_id: int | None = None
    basis: list[str] = field(default_factory=list)  # one cited or archived document a line
    implements: str = ""
    audience_all: bool = True
    audience_units: list[int] = field(default_factory=list)
    audience_roles: list[str] = field(default_factory=list)


def save_document(
    document: Document | None, data: DocumentData, user: User, *, version=None
) -> Document:
    """Create (document=None) or change a draft; commits once when every rule holds.

    ``version`` is the version the user edited (required to change a document): an edit made on
    a copy someone else has changed since is refused (Stale), never silently written over.
    """
    with transaction():
        if document is not None:
            check_version(document, version)
        return _save(document, data, user)


def _save(document: Document | None, data: DocumentData, user: User) -> Document:
    symbol = numbering.parse(data.number_symbol, kind_hint=data.kind or None)
    issuer = _known_issuer_spelling(symbol.issuer)
    symbol = numbering.Symbol(symbol.number, symbol.kind, issuer)
    if len(issuer) > ISSUER_MAX or len(str(symbol)) > SYMBOL_MAX:
        raise DocumentError(_("Ký hiệu văn bản quá dài (tối đa %(n)d ký tự).", n=ISSUER_MAX))
    summary = nfc(data.summary)
    if not summary:
        raise DocumentError(_("Hãy nhập trích yếu của văn bản."))
    _check_period(data.period_start, data.period_end)
    _check_unique(symbol, data.issued_on.year, document)
    if not data.audience_all and not (data.audience_units or data.audience_roles):
        raise DocumentError(
            _("Hãy chọn người nhận: toàn trường, hoặc ít nhất một đơn vị hay một vai trò.")
        )
    if document is None:
        document = Document(created_by=user, status=Status.DRAFT)
        db.session.add(document)
    document.kind = symbol.kind
    document.number = symbol.number
    document.issuer_code = symbol.issuer
    document.issuer_folded = fold(symbol.issuer)
    document.symbol = str(symbol)
    document.symbol_folded = symbol.folded
    document.year = data.issued_on.year
    document.issued_on = data.issued_on
    document.summary = summary
    for name in (
        "issued_place",
        "issuer_name",
        "body",
        "signer_name",
        "signer_authority",
        "signer_title",
        "recipients",
    ):
        setattr(document, name, nfc(getattr(data, name)))
    document.period_start, document.period_end = data.period_start, data.period_end
    document.unit_id = data.unit_id
    document.audience_all = data.audience_all
    document.audience = [] if data.audience_all else _audience_rows(data)
    _set_basis(document, data.basis, data.implements)
    db.session.flush()
    _link_citations_of(document)
    return document


def _known_issuer_spelling(issuer: str) -> str:
    """ "CDBP" typed without diacritics takes the spelling already in the archive ("CĐBP")."""
    known = db.session.execute(
        select(Document.issuer_code).where(Document.issuer_folded == fold(issuer)).limit(1)
    ).scalar()
    if known:
        return known
    return COLLEGE_ISSUER if fold(issuer) == fold(COLLEGE_ISSUER) else issuer


def _check_period(start: int | None, end: int | None) -> None:
    for year in (start, end):
        if year is not None and not 1945 <= year <= 2100:
            raise DocumentError(_("Năm của giai đoạn không hợp lệ: %(y)s.", y=year))
    if start and end and end < start:
        raise DocumentError(_("Giai đoạn: năm kết thúc phải sau năm bắt đầu."))


def _check_unique(symbol: numbering.Symbol, year: int, document: Document | None) -> None:
    query = select(Document.id, Document.symbol).where(
        Document.issuer_folded == fold(symbol.issuer),
        Document.year == year,
        Document.number == symbol.number,
    )
    if document is not None and document.id is not None:
        query = query.where(Document.id != document.id)
    clash = db.session.execute(query).first()
    if clash:
        raise DocumentError(
            _(
                "Số %(n)d của %(issuer)s năm %(y)d đã dùng cho văn bản %(other)s. "
                "Số còn trống tiếp theo: %(next)s.",
                n=symbol.number,
                issuer=symbol.issuer,
                y=year,
                other=clash.symbol,
                next=suggest_number(symbol.issuer, year),
            )
        )


def suggest_number(issuer: str = COLLEGE_ISSUER, year: int | None = None) -> int:
    """The next free number of ``issuer`` in ``year`` (numbers restart every year)."""
    year = year or clock.today().year
    highest = db.session.execute(
        select(func.max(Document.number)).where(
            Document.issuer_folded == fold(issuer), Document.year == year
        )
    ).scalar()
    return (highest or 0) + 1


def _audience_rows(data: DocumentData) -> list[DocumentAudience]:
    units = db.session.execute(select(Unit).where(Unit.id.in_(data.audience_units))).scalars()
    rows = [DocumentAudience(unit=u) for u in units]
    try:
        rows += [DocumentAudience(role=Role(r)) for r in sorted(set(data.audience_roles))]
    except ValueError as exc:
        raise DocumentError(_("Vai trò không hợp lệ.")) from exc
    return rows


def _cited_symbol(text: str) -> str | None:
    match = _CITED_SYMBOL.search(text)
    if not match:
        return None
    try:
        folded = numbering.parse(match.group(1)).folded
    except numbering.NumberError:
        return None
    # No archived symbol is longer than its column; a longer match is prose, not a citation.
    return folded if len(folded) <= SYMBOL_MAX else None


def _set_basis(document: Document, lines: list[str], implements: str) -> None:
    """Căn cứ lines and the plan implemented, each linked when the archive holds it."""
    entries = [(nfc(line), False) for line in lines if nfc(line)]
    if nfc(implements):
        entries.insert(0, (nfc(implements), True))
    document.basis = []
    for position, (text, is_implements) in enumerate(entries):
        folded = _cited_symbol(text)
        target = None
        if folded:
            target = db.session.execute(
                select(Document).where(Document.symbol_folded == folded, Document.id != document.id)
            ).scalar()
        document.basis.append(
            Basis(
                position=position,
                cited_text=text,
                cited_symbol_folded=folded,
                target=target,
                implements=is_implements,
            )
        )


def _link_citations_of(document: Document) -> None:
    """Citations of this document made before it was in the archive now point at it."""
    db.session.execute(
        update(Basis)
        .where(
            Basis.cited_symbol_folded == document.symbol_folded,
            Basis.target_id.is_(None),
            Basis.document_id != document.id,
        )
        .values(target_id=document.id)
    )


def publish(document: Document, user: User) -> None:
    """Publish a draft to its audience; listeners (decisions) act in the same transaction."""
    with transaction():
        if document.status != Status.DRAFT:
            raise DocumentError(_("Chỉ ban hành được văn bản đang là dự thảo."))
        document.status = Status.PUBLISHED
        document.published_at = clock.now()
        published.send(document, user=user)


def revoke(document: Document, reason: str) -> None:
    reason = nfc(reason)
    with transaction():
        if document.status != Status.PUBLISHED:
            raise DocumentError(_("Chỉ thu hồi được văn bản đã ban hành."))
        if not reason:
            raise DocumentError(_("Hãy ghi lý do thu hồi."))
        document.status = Status.REVOKED
        document.status_note = reason


def supersede(document: Document, replacement: Document, note: str = "") -> None:
    with transaction():
        if document.status != Status.PUBLISHED:
            raise DocumentError(_("Chỉ văn bản đã ban hành mới được thay thế."))
        if replacement.id == document.id:
            raise DocumentError(_("Văn bản không thể thay thế chính nó."))
        document.status = Status.SUPERSEDED
        document.superseded_by = replacement
        document.status_note = nfc(note)


def mark_read(document: Document, user: User) -> None:
    with transaction():
        if document.status == Status.DRAFT:
            raise DocumentError(_("Văn bản dự thảo chưa thể đánh dấu đã đọc."))
        if not has_read(document, user):
            db.session.add(DocumentRead(document_id=document.id, user_id=user.id))


def has_read(document: Document, user: User) -> bool:
    return (
        db.session.execute(
            select(DocumentRead.id).filter_by(document_id=document.id, user_id=user.id)
        ).first()
        is not None
    )


def find_by_symbol(text: str) -> Document:
    """The archived document with this number and symbol, typed with or without diacritics."""
    folded = numbering.parse(text).folded
    document = db.session.execute(
        select(Document).where(Document.symbol_folded == folded, Document.deleted_at.is_(None))
    ).scalar()
    if document is None:
        raise DocumentError(_("Không có văn bản %(s)s trong kho.", s=nfc(text)))
    return document
