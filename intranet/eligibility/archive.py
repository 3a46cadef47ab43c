"""The archive of one recipient across years, loaded in a constant number of queries: the titles
and forms held (award lines of decisions in force), the accepted evidence, the registrations
and the yearly evaluations."""

from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select

from intranet.documents.models import Document
from intranet.documents.models import Status as DocumentStatus
from intranet.emulation.models import WHOLE_YEAR, Evaluation, Rating, Registration
from intranet.exemplars.models import AwardLine, Evidence, Exemplar, Review, Subject
from intranet.extensions import db
from intranet.text import fold, nfc

# Decisions whose award lines count: issued and not revoked.
IN_FORCE = (DocumentStatus.PUBLISHED, DocumentStatus.SUPERSEDED)


@dataclass
class Archive:
    # {catalogue entry id (title or form): years held}
    held: dict[int, set[int]] = field(default_factory=dict)
    # [(exemplar id, year, folded title, title)] of accepted, live evidence
    evidence: list[tuple[int, int, str, str]] = field(default_factory=list)
    # {(title id, year)}
    registered: set[tuple[int, int]] = field(default_factory=set)
    # {year: (rating position, rating name)}
    ratings: dict[int, tuple[int, str]] = field(default_factory=dict)


def _line_recipient(candidate):
    """Which award lines name the candidate (``AwardLine`` outer-joined to ``Exemplar``)."""
    if candidate.person_id is not None:
        return AwardLine.person_id == candidate.person_id
    unit_lines = and_(AwardLine.person_id.is_(None), AwardLine.unit_id == candidate.unit_id)
    if candidate.subject == Subject.COLLECTIVE:
        return and_(
            unit_lines, or_(AwardLine.exemplar_id.is_(None), Exemplar.subject == candidate.subject)
        )
    # A person without an account: named on the line, in the unit.
    return and_(unit_lines, AwardLine.recipient_name == nfc(candidate.name))


def _exemplar_recipient(candidate):
    if candidate.person_id is not None:
        return Exemplar.person_id == candidate.person_id
    same = and_(
        Exemplar.person_id.is_(None),
        Exemplar.unit_id == candidate.unit_id,
        Exemplar.subject == candidate.subject,
    )
    if candidate.subject == Subject.COLLECTIVE:
        return same
    return and_(same, Exemplar.name == nfc(candidate.name))


def load(candidate) -> Archive:
    """The candidate's archive, in four queries."""
    archive = Archive()
    lines = db.session.execute(
        select(AwardLine.title_id, AwardLine.form_id, Exemplar.year, Document.issued_on)
        .join(Document, AwardLine.document_id == Document.id)
        .outerjoin(Exemplar, AwardLine.exemplar_id == Exemplar.id)
        .where(Document.status.in_(IN_FORCE), _line_recipient(candidate))
    )
    for title_id, form_id, exemplar_year, issued_on in lines:
        # The year of the achievement: the nomination's, else the decision's (decisions.line_year).
        year = exemplar_year if exemplar_year is not None else issued_on.year
        for entry_id in (title_id, form_id):
            if entry_id is not None:
                archive.held.setdefault(entry_id, set()).add(year)
    rows = db.session.execute(
        select(Evidence.exemplar_id, Exemplar.year, Evidence.title)
        .join(Exemplar, Evidence.exemplar_id == Exemplar.id)
        .where(
            _exemplar_recipient(candidate),
            Evidence.review == Review.ACCEPTED,
            Evidence.deleted_at.is_(None),
        )
        .order_by(Evidence.id)
    )
    archive.evidence = [(e, y, fold(t), t) for e, y, t in rows]
    archive.registered = {(t, y) for t, y in db.session.execute(_registrations(candidate))}
    if candidate.person_id is not None:
        ratings = db.session.execute(
            select(Evaluation.year, Rating.position, Rating.name)
            .join(Rating, Evaluation.rating_id == Rating.id)
            .where(Evaluation.person_id == candidate.person_id, Evaluation.quarter == WHOLE_YEAR)
        )
        archive.ratings = {year: (position, name) for year, position, name in ratings}
    return archive


def _registrations(candidate):
    query = select(Registration.title_id, Registration.year)
    if candidate.person_id is not None:
        return query.where(Registration.person_id == candidate.person_id)
    query = query.where(
        Registration.person_id.is_(None),
        Registration.unit_id == candidate.unit_id,
        Registration.subject == candidate.subject,
    )
    if candidate.subject == Subject.INDIVIDUAL:
        query = query.where(Registration.name == nfc(candidate.name))
    return query
