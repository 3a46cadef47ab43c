"""The rules of documents: numbering, basis links, life, audience and reading."""

import re
from dataclasses import dataclass, field
from datetime import date

from flask.signals import Namespace
from sqlalchemy import func, select, update

from intranet import clock
from intranet.accounts.models import Role, Unit, User
from intranet.accounts.permissions import publishes
from intranet.documents import numbering
from intranet.documents.errors import DocumentError
from intranet.documents.models import (
    PRE_ISSUE,
    Basis,
    Document,
    DocumentAudience,
    DocumentRead,
    Relation,
    Status,
)
from intranet.domain import check_version, transaction
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.notifications import steps as notices
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
    # The earlier issued document this one amends, replaces, corrects or revokes, if any.
    relation: str = ""  # a models.Relation value, or ""
    relation_target: str = ""  # its number and symbol, e.g. "98/QĐ-CĐBP"


# A draft with no number yet: "…/KH-CĐBP", ".../KH-CĐBP", "/KH-CĐBP" or "KH-CĐBP".
_UNNUMBERED = re.compile(
    r"^\s*(?:(?:số|so)\s*[:.]?\s*)?(?:…|\.+)?\s*/?\s*(?P<rest>[^\d\s/][^/]*)$", re.I
)
UNNUMBERED_MARK = "…"


def _parse_symbol(text: str, kind: str | None) -> numbering.Symbol:
    """The number and symbol typed; a symbol without its number is a draft's (number None)."""
    match = _UNNUMBERED.match(nfc(text))
    if match:
        parsed = numbering.parse(f"1/{match['rest']}", kind_hint=kind)
        return numbering.Symbol(None, parsed.kind, parsed.issuer)
    return numbering.parse(text, kind_hint=kind)


def symbol_text(symbol: numbering.Symbol) -> str:
    """ "05/KH-KKT"; a draft without its number: "…/KH-KKT" (the registry numbers it at issue)."""
    if symbol.number is not None:
        return str(symbol)
    tail = str(numbering.Symbol(1, symbol.kind, symbol.issuer)).split("/", 1)[1]
    return f"{UNNUMBERED_MARK}/{tail}"


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
    symbol = _parse_symbol(data.number_symbol, data.kind or None)
    issuer = _known_issuer_spelling(symbol.issuer)
    symbol = numbering.Symbol(symbol.number, symbol.kind, issuer)
    text = symbol_text(symbol)
    if len(issuer) > ISSUER_MAX or len(text) > SYMBOL_MAX:
        raise DocumentError(_("Ký hiệu văn bản quá dài (tối đa %(n)d ký tự).", n=ISSUER_MAX))
    summary = nfc(data.summary)
    if not summary:
        raise DocumentError(_("Hãy nhập trích yếu của văn bản."))
    unit_id = _check_drafter(user, symbol, data.unit_id)
    _check_period(data.period_start, data.period_end)
    if symbol.number is not None:
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
    document.symbol = text
    document.symbol_folded = fold(text)
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
    document.unit_id = unit_id
    document.audience_all = data.audience_all
    document.audience = [] if data.audience_all else _audience_rows(data)
    _set_basis(document, data.basis, data.implements)
    _set_relation(document, data.relation, data.relation_target)
    db.session.flush()
    if document.number is not None:
        _link_citations_of(document)
    return document


def _check_drafter(user: User, symbol: numbering.Symbol, unit_id: int | None) -> int | None:
    """A unit head drafts the unit's own plans and reports, issued in its name, unnumbered.

    The secretariat drafts any document; the unit that drafts it is the one chosen.
    """
    from intranet.documents import access

    if publishes(user):
        return unit_id
    unit = db.session.get(Unit, user.unit_id)
    if not access.drafts_for_unit(user) or unit is None:
        raise DocumentError(_("Bạn không soạn được văn bản."))
    if symbol.kind not in access.UNIT_KINDS:
        raise DocumentError(_("Đơn vị chỉ soạn kế hoạch (KH) và báo cáo (BC) của đơn vị mình."))
    if fold(symbol.issuer) != fold(unit.code):
        raise DocumentError(
            _(
                "Văn bản của đơn vị ban hành với ký hiệu của đơn vị: …/%(k)s-%(u)s.",
                k=symbol.kind,
                u=unit.code,
            )
        )
    if symbol.number is not None:
        raise DocumentError(
            _(
                "Số văn bản do văn thư cấp khi ban hành; hãy để trống số: …/%(k)s-%(u)s.",
                k=symbol.kind,
                u=unit.code,
            )
        )
    return unit.id


def _set_relation(document: Document, relation: str, target_text: str) -> None:
    """The earlier issued document this one amends, replaces, corrects or revokes (a link)."""
    relation, target_text = nfc(relation), nfc(target_text)
    if not relation and not target_text:
        return
    try:
        kind = Relation(relation)
    except ValueError as exc:
        raise DocumentError(
            _("Hãy chọn: sửa đổi, bổ sung; thay thế; đính chính hoặc bãi bỏ.")
        ) from exc
    if not target_text:
        raise DocumentError(
            _("Hãy nhập số và ký hiệu của văn bản được %(r)s.", r=kind.label.lower())
        )
    target = find_by_symbol(target_text)
    if target.id is not None and target.id == document.id:
        raise DocumentError(_("Văn bản không thể %(r)s chính nó.", r=kind.label.lower()))
    _check_in_force(target, kind)
    document.basis.append(
        Basis(
            position=len(document.basis),
            cited_text=f"{kind.label} {target.kind_label} số {target.symbol}",
            cited_symbol_folded=target.symbol_folded,
            target=target,
            relation=kind.value,
        )
    )


def _check_in_force(target: Document, kind: Relation) -> None:
    if target.status != Status.PUBLISHED:
        raise DocumentError(
            _(
                "Chỉ %(r)s được văn bản đang có hiệu lực; %(s)s: %(state)s.",
                r=kind.label.lower(),
                s=target.symbol,
                state=target.status.label,
            )
        )


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


def submit(document: Document, user: User) -> None:
    """Trình ký: the draft goes to the leadership for signature."""
    with transaction():
        if document.status != Status.DRAFT:
            raise DocumentError(_("Chỉ trình ký được văn bản đang là dự thảo."))
        document.status = Status.SUBMITTED
        document.submitted_at, document.submitted_by = clock.now(), user
        document.status_note = ""
        notices.document_submitted(document, user)


# Thẩm quyền ký (Nghị định 30/2020, Điều 13 and Phụ lục I): none when the head signs himself.
AUTHORITIES = ("KT.", "TL.", "TM.", "Q.", "TUQ.")


@dataclass
class Signature:
    signer_name: str
    signer_title: str
    signer_authority: str = ""


def sign(document: Document, user: User, signature: Signature) -> None:
    """Ký: a leader signs the submitted document, under an authority, with a title, today."""
    authority = nfc(signature.signer_authority).upper()
    title, name = nfc(signature.signer_title).upper(), nfc(signature.signer_name)
    with transaction():
        if document.status != Status.SUBMITTED:
            raise DocumentError(_("Chỉ ký được văn bản đang trình ký."))
        if authority and not authority.startswith(AUTHORITIES):
            raise DocumentError(
                _(
                    "Thẩm quyền ký ghi “KT.”, “TL.”, “TM.”, “Q.” hoặc “TUQ.” rồi chức vụ, ví dụ: "
                    "KT. HIỆU TRƯỞNG; để trống khi Hiệu trưởng ký."
                )
            )
        if not title or not name:
            raise DocumentError(_("Hãy ghi chức vụ và họ tên người ký."))
        document.status = Status.SIGNED
        document.signed_at, document.signed_by = clock.now(), user
        document.signer_authority, document.signer_title = authority, title
        document.signer_name = name
        notices.document_signed(document, user)


def return_to_draft(document: Document, user: User, reason: str) -> None:
    """Trả lại: from submission or signature back to a draft, with the reason."""
    reason = nfc(reason)
    with transaction():
        if document.status not in (Status.SUBMITTED, Status.SIGNED):
            raise DocumentError(_("Chỉ trả lại được văn bản đang trình ký hoặc đã ký."))
        if not reason:
            raise DocumentError(_("Hãy ghi lý do trả lại."))
        submitter = document.submitted_by
        document.status = Status.DRAFT
        document.status_note = reason
        document.signed_at = document.signed_by_id = None
        document.submitted_at = document.submitted_by_id = None
        notices.document_returned(document, user, submitter)


def issue(document: Document, user: User) -> None:
    """Ban hành: the records office numbers the signed document and issues it to its audience.

    The number is taken now: the next free number of the issuer in the year of issue (a number
    typed on the draft is kept). The earlier documents it names are amended, replaced, corrected
    or revoked in the same transaction.
    """
    with transaction():
        if document.status != Status.SIGNED:
            raise DocumentError(_("Chỉ ban hành được văn bản đã được lãnh đạo ký."))
        _issue(document, user)


def publish(document: Document, user: User) -> None:
    """Enter in the archive a document signed and issued on paper (import, back-fill of the
    archive): straight from draft to issued, with the number and signer it carries."""
    with transaction():
        if document.status not in (Status.DRAFT, Status.SIGNED):
            raise DocumentError(_("Chỉ ban hành được văn bản chưa ban hành."))
        if document.number is None and document.status == Status.DRAFT:
            raise DocumentError(_("Văn bản chưa ký: hãy trình ký trước khi ban hành."))
        _issue(document, user)


def _issue(document: Document, user: User) -> None:
    if document.number is None:
        today = clock.today()
        document.issued_on, document.year = today, today.year
        document.number = suggest_number(document.issuer_code, today.year)
        symbol = numbering.Symbol(document.number, document.kind, document.issuer_code)
        document.symbol, document.symbol_folded = str(symbol), symbol.folded
        db.session.flush()
        _link_citations_of(document)
    for link in document.relations:
        if link.target is None:
            continue
        _check_in_force(link.target, link.relation_kind)
        _apply(link.relation_kind, link.target, document)
    document.status = Status.PUBLISHED
    document.published_at, document.issued_by = clock.now(), user
    document.status_note = ""
    published.send(document, user=user)


def _apply(kind: Relation, target: Document, by: Document) -> None:
    """What issuing ``by`` does to the earlier document it names."""
    # The note is part of the record (in Vietnamese, as the archive keeps it).
    if kind == Relation.REPLACES:
        target.status, target.superseded_by = Status.SUPERSEDED, by
        target.status_note = f"Được thay thế bởi văn bản số {by.symbol}."
    elif kind == Relation.REVOKES:
        target.status = Status.REVOKED
        target.status_note = f"Bị bãi bỏ bởi văn bản số {by.symbol}."
    # Amended or corrected: still in force, read with the documents that change it (the chain).


def revoke(document: Document, reason: str) -> None:
    """Mark an issued document revoked (archive back-fill; on the pages and API a document is
    revoked only by issuing the document that revokes it)."""
    reason = nfc(reason)
    with transaction():
        if document.status != Status.PUBLISHED:
            raise DocumentError(_("Chỉ thu hồi được văn bản đã ban hành."))
        if not reason:
            raise DocumentError(_("Hãy ghi lý do thu hồi."))
        document.status = Status.REVOKED
        document.status_note = reason


def supersede(document: Document, replacement: Document, note: str = "") -> None:
    """Mark an issued document replaced (archive back-fill; see ``revoke``)."""
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
        if document.status in PRE_ISSUE:
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
