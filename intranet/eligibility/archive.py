"""The archive of recipients across years, loaded in a constant number of queries however many
candidates are asked about: the titles and forms held (award lines of decisions in force), the
accepted evidence, the registrations and the yearly evaluations."""

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


def _whose(candidate, person_id, unit_id, subject, name) -> bool:
    """Whether a record (its person, unit, subject and name) is the candidate's: the person's
    own; else, without an account, the same name in the unit; a collective's, the unit's."""
    if candidate.person_id is not None:
        return person_id == candidate.person_id
    if person_id is not None or unit_id != candidate.unit_id:
        return False
    if candidate.subject == Subject.COLLECTIVE:
        return subject in (None, Subject.COLLECTIVE)
    return subject in (None, Subject.INDIVIDUAL) and name == nfc(candidate.name)


def _scope(candidates, person_column, unit_column):
    """Rows of the candidates' people, or of their units without a person (a superset)."""
    people = {c.person_id for c in candidates if c.person_id is not None}
    units = {c.unit_id for c in candidates if c.person_id is None and c.unit_id is not None}
    return or_(person_column.in_(people), and_(person_column.is_(None), unit_column.in_(units)))


def load(candidate) -> Archive:
    """One candidate's archive."""
    return load_many([candidate])[0]


def load_many(candidates: list) -> list[Archive]:
    """Each candidate's archive, in four queries for them all."""
    archives = [Archive() for _c in candidates]
    if not candidates:
        return archives
    lines = db.session.execute(
        select(
            AwardLine.person_id,
            AwardLine.unit_id,
            AwardLine.recipient_name,
            Exemplar.subject,
            AwardLine.title_id,
            AwardLine.form_id,
            Exemplar.year,
            Document.issued_on,
        )
        .join(Document, AwardLine.document_id == Document.id)
        .outerjoin(Exemplar, AwardLine.exemplar_id == Exemplar.id)
        .where(
            Document.status.in_(IN_FORCE),
            _scope(candidates, AwardLine.person_id, AwardLine.unit_id),
        )
    ).all()
    evidence = db.session.execute(
        select(
            Exemplar.person_id,
            Exemplar.unit_id,
            Exemplar.subject,
            Exemplar.name,
            Evidence.exemplar_id,
            Exemplar.year,
            Evidence.title,
        )
        .join(Exemplar, Evidence.exemplar_id == Exemplar.id)
        .where(
            _scope(candidates, Exemplar.person_id, Exemplar.unit_id),
            Evidence.review == Review.ACCEPTED,
            Evidence.deleted_at.is_(None),
        )
        .order_by(Evidence.id)
    ).all()
    registrations = db.session.execute(
        select(
            Registration.person_id,
            Registration.unit_id,
            Registration.subject,
            Registration.name,
            Registration.title_id,
            Registration.year,
        ).where(_scope(candidates, Registration.person_id, Registration.unit_id))
    ).all()
    people = {c.person_id for c in candidates if c.person_id is not None}
    ratings = db.session.execute(
        select(Evaluation.person_id, Evaluation.year, Rating.position, Rating.name)
        .join(Rating, Evaluation.rating_id == Rating.id)
        .where(Evaluation.person_id.in_(people), Evaluation.quarter == WHOLE_YEAR)
    ).all()
    for candidate, archive in zip(candidates, archives, strict=True):
        for person, unit, name, subject, title_id, form_id, ex_year, issued in lines:
            if not _whose(candidate, person, unit, subject, name):
                continue
            # The year of the achievement: the nomination's, else the decision's
            # (as decisions.line_year).
            year = ex_year if ex_year is not None else issued.year
            for entry_id in (title_id, form_id):
                if entry_id is not None:
                    archive.held.setdefault(entry_id, set()).add(year)
        archive.evidence = [
            (exemplar_id, year, fold(title), title)
            for person, unit, subject, name, exemplar_id, year, title in evidence
            if _whose(candidate, person, unit, subject, name)
        ]
        archive.registered = {
            (title_id, year)
            for person, unit, subject, name, title_id, year in registrations
            if _whose(candidate, person, unit, subject, name)
        }
        if candidate.person_id is not None:
            archive.ratings = {
                year: (position, name)
                for person, year, position, name in ratings
                if person == candidate.person_id
            }
    return archives
