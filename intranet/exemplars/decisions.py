"""Commendation decisions (quyết định khen thưởng): a QĐ document with award lines.

Publishing a decision recognises the exemplars it rewards, in the same transaction.
"""

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from intranet.accounts.models import Unit, User
from intranet.documents import access as document_access
from intranet.documents import services as document_services
from intranet.documents.models import ISSUED, Document, Status
from intranet.domain import transaction
from intranet.exemplars import services
from intranet.exemplars.catalogues import Applies, CatalogueEntry, Group
from intranet.exemplars.models import DECISION_KIND, AwardLine, Exemplar, Stage, Subject
from intranet.exemplars.services import ExemplarError
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.notifications import steps as notices
from intranet.text import nfc

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
            check_award_rules(line, document)
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


def line_subject(line: AwardLine) -> Subject:
    """Whom a line rewards: the exemplar's subject; a person; else a collective (the unit)."""
    if line.exemplar is not None:
        return line.exemplar.subject
    return Subject.INDIVIDUAL if _person_id(line) else Subject.COLLECTIVE


def _person_id(line: AwardLine) -> int | None:
    # A line being filled holds its person as an object until it is flushed.
    return line.person.id if line.person is not None else line.person_id


def _unit_id(line: AwardLine) -> int | None:
    return line.unit.id if line.unit is not None else line.unit_id


def line_year(line: AwardLine, document: Document) -> int:
    """The year of the achievement rewarded: the exemplar's, else the decision's."""
    return line.exemplar.year if line.exemplar is not None else document.issued_on.year


def check_award_rules(line: AwardLine, document: Document) -> None:
    """The catalogue's rules for a line (Luật Thi đua, khen thưởng 2022).

    A title or form for individuals goes to a person, one for collectives to a collective. The
    same person or collective never receives the same title for the same year twice, in this
    decision or another in force (one achievement, one award): nor the same exemplar the same
    form. A decision that amends, replaces or corrects another takes the place of its lines.
    """
    subject = line_subject(line)
    for entry_id, group in ((line.title_id, Group.TITLE), (line.form_id, Group.FORM)):
        entry = db.session.get(CatalogueEntry, entry_id) if entry_id else None
        if entry is None or entry.applies_to in (Applies.ANY, subject.value):
            continue
        if entry.applies_to == Applies.COLLECTIVE:
            message = _(
                "%(group)s “%(name)s” dành cho tập thể, không tặng cho cá nhân %(who)s.",
                group=group.label,
                name=entry.name,
                who=line.recipient_name,
            )
        else:
            message = _(
                "%(group)s “%(name)s” dành cho cá nhân, không tặng cho tập thể %(who)s.",
                group=group.label,
                name=entry.name,
                who=line.recipient_name,
            )
        raise ExemplarError(message)
    clash = _same_award(line, document, subject)
    if clash is None:
        return
    other, other_document, entry = clash
    what = _("%(group)s “%(name)s”", group=entry.group.label.lower(), name=entry.name)
    year = line_year(line, document)
    if other_document.id == document.id:
        message = _(
            "%(who)s đã được tặng %(what)s năm %(year)d ở dòng %(n)d của quyết định này: "
            "một thành tích chỉ khen thưởng một lần.",
            who=line.recipient_name,
            what=what,
            year=year,
            n=other.position + 1,
        )
    elif other_document.status == Status.PUBLISHED:
        message = _(
            "%(who)s đã được tặng %(what)s năm %(year)d theo Quyết định số %(symbol)s: "
            "một thành tích chỉ khen thưởng một lần.",
            who=line.recipient_name,
            what=what,
            year=year,
            symbol=other_document.symbol,
        )
    else:
        message = _(
            "%(who)s đã được đề nghị tặng %(what)s năm %(year)d trong dự thảo Quyết định "
            "%(symbol)s: một thành tích chỉ khen thưởng một lần.",
            who=line.recipient_name,
            what=what,
            year=year,
            symbol=other_document.symbol,
        )
    raise ExemplarError(message)


def _same_award(line: AwardLine, document: Document, subject: Subject):
    """(other line, its decision, the entry) giving the same award to the same recipient for
    the same year, in a decision not revoked, replaced or taken over by this one; or None."""
    same_recipient = []
    if line.exemplar is not None:
        same_recipient.append(AwardLine.exemplar_id == line.exemplar.id)
    if subject == Subject.INDIVIDUAL and _person_id(line):
        same_recipient.append(AwardLine.person_id == _person_id(line))
    elif subject == Subject.COLLECTIVE and line.exemplar is None and _unit_id(line):
        same_recipient.append(
            (AwardLine.unit_id == _unit_id(line))
            & AwardLine.person_id.is_(None)
            & AwardLine.exemplar_id.is_(None)
        )
    same_award = []
    if line.title_id:
        same_award.append(AwardLine.title_id == line.title_id)
    if line.form_id and line.exemplar is not None:  # the same achievement, the same form again
        same_award.append(
            (AwardLine.form_id == line.form_id) & (AwardLine.exemplar_id == line.exemplar.id)
        )
    if not same_recipient or not same_award:
        return None
    taken_over = {b.target_id for b in getattr(document, "relations", []) if b.target_id}
    year = line_year(line, document)
    query = (
        select(AwardLine, Document)
        .join(Document, AwardLine.document_id == Document.id)
        .outerjoin(Exemplar, AwardLine.exemplar_id == Exemplar.id)
        .where(
            or_(*same_recipient),
            or_(*same_award),
            Document.deleted_at.is_(None),
            Document.status.not_in((Status.REVOKED, Status.SUPERSEDED)),
            Document.id.not_in(taken_over or {0}),
            func.coalesce(Exemplar.year, Document.year) == year,
        )
        .order_by(Document.issued_on, AwardLine.position)
    )
    for other, other_document in db.session.execute(query):
        if line.title_id and other.title_id == line.title_id:
            return other, other_document, other.title
        if line.form_id and other.form_id == line.form_id:
            return other, other_document, other.form
    return None


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
    lines = lines_of(document)
    for line in lines:
        _recognise(line, user, document)
    notices.award_lines_issued(document, lines, user)


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
