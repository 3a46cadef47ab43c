"""The lists of nominations and decisions, for the pages and the API alike.

Each query starts from what the reader may see (``access``), then narrows it; a queue the reader
may not have is refused (403), never emptied or swapped for another.
"""

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased, contains_eager, joinedload, selectinload

from intranet import policy
from intranet.documents.models import ISSUED, Document, Status
from intranet.domain import Denied
from intranet.exemplars import access
from intranet.exemplars.models import (
    DECISION_KIND,
    AwardLine,
    Evidence,
    Exemplar,
    Review,
    Stage,
    Subject,
)
from intranet.extensions import db


@dataclass
class ExemplarFilters:
    year: int | None = None
    unit_id: int | None = None
    field_id: int | None = None
    stage: Stage | None = None
    subject: Subject | None = None
    name: str = ""


def queue(user, name: str, filters: ExemplarFilters | None = None):
    """``select(Exemplar)``: the queue ``name`` of ``user``, narrowed by ``filters``.

    mine: the reader's own nominations and those naming them; unit: submitted ones waiting for
    the head's endorsement; school: endorsed or recognised ones waiting for the school; all:
    every nomination the reader may open.
    """
    if not access.may_see_queue(user, name):
        raise Denied(kind="exemplar_queue", action=name)
    query = policy.visible(Exemplar, user)
    if name == "mine":
        query = query.where(or_(Exemplar.owner_id == user.id, Exemplar.person_id == user.id))
    elif name == "unit":
        query = query.where(Exemplar.unit_id == user.unit_id, Exemplar.stage == Stage.SUBMITTED)
    elif name == "school":
        query = query.where(Exemplar.stage.in_([Stage.ENDORSED, Stage.RECOGNISED]))
    return _narrow(query, filters or ExemplarFilters())


def _narrow(query, filters: ExemplarFilters):
    for value, column in (
        (filters.year, Exemplar.year),
        (filters.unit_id, Exemplar.unit_id),
        (filters.field_id, Exemplar.field_id),
        (filters.stage, Exemplar.stage),
        (filters.subject, Exemplar.subject),
    ):
        if value is not None:
            query = query.where(column == value)
    if filters.name:
        query = query.where(Exemplar.name.icontains(filters.name, autoescape=True))
    return query


# What the lists of nominations show of each: loaded with the rows, not one query per row.
# Each is one row at most (many-to-one): joined into the same statement rather than one more
# statement each.
EXEMPLAR_LOADS = (joinedload(Exemplar.unit), joinedload(Exemplar.field))
# What an award line shows: its decision and its catalogue entries.
AWARD_LOADS = (
    selectinload(AwardLine.document),
    joinedload(AwardLine.title),
    joinedload(AwardLine.form),
    joinedload(AwardLine.kind),
    joinedload(AwardLine.level),
)


def honour_board(user, filters: ExemplarFilters | None = None):
    """``select(Exemplar)``: the propagated nominations (seen by everyone), narrowed."""
    query = policy.visible(Exemplar, user).where(Exemplar.stage.in_(access.PUBLIC_STAGES))
    return _narrow(query, filters or ExemplarFilters())


def honour_board_years(user) -> list[int]:
    query = honour_board(user).with_only_columns(Exemplar.year).distinct()
    return list(db.session.execute(query.order_by(Exemplar.year.desc())).scalars())


def dossier(user, condition) -> list[Exemplar]:
    """The nominations of a dossier (``condition``) the reader may open, newest year first."""
    query = (
        policy.visible(Exemplar, user)
        .where(condition)
        .order_by(Exemplar.year.desc())
        .options(*EXEMPLAR_LOADS)
    )
    return list(db.session.execute(query).scalars())


def dossier_evidence(user, condition) -> list[Evidence]:
    """The accepted evidence of a dossier's nominations (``condition`` on Exemplar) that the
    reader may see (evidence is personal data), newest year first, in one query."""
    query = (
        policy.visible(Evidence, user)
        .join(Exemplar, Evidence.exemplar_id == Exemplar.id)
        .where(condition, Evidence.review == Review.ACCEPTED)
        .order_by(Exemplar.year.desc(), Evidence.id)
        .options(contains_eager(Evidence.exemplar))
    )
    return list(db.session.execute(query).unique().scalars())


def decisions(user, *, year: int | None = None, status: Status | None = None):
    """``select(Document)``: the decisions (QĐ) the reader may open."""
    query = policy.visible(Document, user).where(Document.kind == DECISION_KIND)
    if year is not None:
        query = query.where(Document.year == year)
    if status is not None:
        query = query.where(Document.status == status)
    return query


def line_totals(document_ids: list[int]) -> dict[int, tuple[int, int]]:
    """{decision id: (number of award lines, total amount)}, in one query."""
    if not document_ids:
        return {}
    rows = db.session.execute(
        select(
            AwardLine.document_id,
            func.count(AwardLine.id),
            func.coalesce(func.sum(AwardLine.amount), 0),
        )
        .where(AwardLine.document_id.in_(document_ids))
        .group_by(AwardLine.document_id)
    )
    return {document_id: (lines, int(amount)) for document_id, lines, amount in rows}


def reuse(evidence: list[Evidence], user) -> dict[int, list[Exemplar]]:
    """{evidence id: the other nominations offering the same file}, for each of ``evidence``,
    in one query ("one achievement, one award"). Only the nominations ``user`` may open are
    named: the warning must not tell a reader of nominations they get 404 for."""
    if not evidence:
        return {}
    mine, other = aliased(Evidence), aliased(Evidence)
    rows = db.session.execute(
        select(mine.id, Exemplar)
        .join(other, other.stored_file_id == mine.stored_file_id)
        .join(Exemplar, Exemplar.id == other.exemplar_id)
        .where(
            mine.id.in_([e.id for e in evidence]),
            access.EXEMPLAR.condition(user),
            other.deleted_at.is_(None),
            Exemplar.id != mine.exemplar_id,
            Exemplar.stage != Stage.WITHDRAWN,
        )
        .order_by(mine.id, Exemplar.id)
    )
    found: dict[int, list[Exemplar]] = {}
    for evidence_id, exemplar in rows:
        named = found.setdefault(evidence_id, [])
        if exemplar not in named:
            named.append(exemplar)
    return found


def awards(condition, visible) -> list[AwardLine]:
    """The award lines (``condition``) of issued decisions the reader may see (``visible``, on
    Document), newest decision first, with their decision and entries loaded alongside."""
    query = (
        select(AwardLine)
        .join(Document, AwardLine.document_id == Document.id)
        .where(condition, visible, Document.status.in_(ISSUED))
        .order_by(Document.issued_on.desc(), AwardLine.position)
        .options(*AWARD_LOADS)
    )
    return list(db.session.execute(query).scalars())
