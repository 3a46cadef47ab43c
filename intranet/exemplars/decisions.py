"""Commendation decisions (quyết định khen thưởng): a QĐ document with award lines.

Publishing a decision recognises the exemplars it rewards, in the same transaction.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from intranet.accounts.models import Unit, User
from intranet.documents import access as document_access
from intranet.documents import services as document_services
from intranet.documents.models import ISSUED, Document
from intranet.domain import transaction
from intranet.exemplars import services
from intranet.exemplars.catalogues import CatalogueEntry, Group
from intranet.exemplars.models import AwardLine, Exemplar, Stage
from intranet.exemplars.services import ExemplarError
from intranet.extensions import db
from intranet.text import nfc

DECISION_KIND = "QĐ"
AWARDABLE = (Stage.ENDORSED, Stage.RECOGNISED, Stage.PROPAGATED)


@dataclass
class AwardData:
    exemplar_id: int | None = None
    person_id: int | None = None
    unit_id: int | None = None
    recipient_name: str = ""
    title_id: int | None = None
    form_id: int | None = None
    kind_id: int | None = None
    level_id: int | None = None
    amount: int = 0


def add_award_line(document: Document, data: AwardData, user: User) -> AwardLine:
    """Add a line to a draft decision; issued, it is read-only (Issued, 409)."""
    document_access.require(user, "award", document)
    if document.kind != DECISION_KIND:
        raise ExemplarError(_("Chỉ quyết định (QĐ) mới có danh sách khen thưởng."))
    if data.amount is None or data.amount < 0:
        raise ExemplarError(_("Số tiền thưởng phải là số không âm."))
    with transaction():
        line = AwardLine(document=document, position=_next_position(document), amount=data.amount)
        db.session.add(line)
        with db.session.no_autoflush:  # the lookups below must not flush the half-filled line
            _fill_line(line, data)
    return line


def _fill_line(line: AwardLine, data: AwardData) -> None:
    if data.exemplar_id:
        exemplar = db.session.get(Exemplar, data.exemplar_id)
        if exemplar is None or exemplar.stage not in AWARDABLE:
            raise ExemplarError(_("Chỉ khen thưởng điển hình đã được đơn vị xác nhận."))
        line.exemplar, line.person_id, line.unit_id = exemplar, exemplar.person_id, exemplar.unit_id
        line.recipient_name = exemplar.name
    elif data.person_id:
        person = db.session.get(User, data.person_id)
        if person is None:
            raise ExemplarError(_("Không có cán bộ này."))
        line.person, line.unit_id, line.recipient_name = person, person.unit_id, person.full_name
    elif data.unit_id:
        unit = db.session.get(Unit, data.unit_id)
        if unit is None:
            raise ExemplarError(_("Không có đơn vị này."))
        line.unit, line.recipient_name = unit, unit.name
    else:
        raise ExemplarError(_("Hãy chọn người hoặc tập thể được khen thưởng."))
    if nfc(data.recipient_name):
        line.recipient_name = nfc(data.recipient_name)
    if not (data.title_id or data.form_id):
        raise ExemplarError(_("Hãy chọn danh hiệu thi đua hoặc hình thức khen thưởng."))
    for attr, group in (
        ("title_id", Group.TITLE),
        ("form_id", Group.FORM),
        ("kind_id", Group.KIND),
        ("level_id", Group.LEVEL),
    ):
        value = getattr(data, attr)
        if value is not None:
            entry = db.session.get(CatalogueEntry, value)
            if entry is None or entry.group != group:
                raise ExemplarError(_("%(g)s không hợp lệ.", g=group.label))
        setattr(line, attr, value)


def remove_award_line(line: AwardLine, user: User) -> None:
    """Take a line out of a decision while it is a draft (the secretariat); issued: 409."""
    document_access.require(user, "award", line.document)
    with transaction():
        db.session.delete(line)


def _next_position(document: Document) -> int:
    lines = (
        db.session.execute(select(AwardLine.position).where(AwardLine.document_id == document.id))
        .scalars()
        .all()
    )
    return max(lines, default=-1) + 1


def _recognise(line: AwardLine, user: User, document: Document) -> None:
    exemplar = line.exemplar
    if exemplar is not None and exemplar.stage == Stage.ENDORSED:
        note = _("Quyết định số %(s)s", s=document.symbol)
        services.take_step(exemplar, "recognise", user, note=note)


@document_services.published.connect
def _on_publish(document: Document, user: User, **_kwargs) -> None:
    if document.kind != DECISION_KIND:
        return
    for line in lines_of(document):
        _recognise(line, user, document)


def lines_of(document: Document) -> list[AwardLine]:
    return list(
        db.session.execute(
            select(AwardLine)
            .where(AwardLine.document_id == document.id)
            .order_by(AwardLine.position)
        ).scalars()
    )


def awards_of_person(user_id: int, visible) -> list[AwardLine]:
    """A person's award lines in decisions the reader may see (``visible``: on Document)."""
    return _awards(AwardLine.person_id == user_id, visible)


def awards_of_unit(unit_id: int, visible) -> list[AwardLine]:
    """A collective's award lines: those to the unit itself (not to its members)."""
    return _awards((AwardLine.unit_id == unit_id) & AwardLine.person_id.is_(None), visible)


def _awards(condition, visible) -> list[AwardLine]:
    query = (
        select(AwardLine)
        .join(Document, AwardLine.document_id == Document.id)
        .where(condition, visible, Document.status.in_(ISSUED))
        .order_by(Document.issued_on.desc(), AwardLine.position)
    )
    return list(db.session.execute(query).scalars())


def awards_for_exemplar(exemplar_id: int, visible) -> list[AwardLine]:
    return _awards(AwardLine.exemplar_id == exemplar_id, visible)


def awards_for_exemplars(exemplar_ids: list[int], visible) -> list[AwardLine]:
    """The award lines of several exemplars at once (the honour board), newest decision first."""
    if not exemplar_ids:
        return []
    return _awards(AwardLine.exemplar_id.in_(exemplar_ids), visible)
