"""The honour board (bảng vàng) and the dossier of a person or a collective."""

from flask import abort, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import or_, select

from intranet.accounts.models import Unit, User
from intranet.documents import access as document_access
from intranet.exemplars import access, catalogues, decisions, services
from intranet.exemplars.catalogues import Group
from intranet.exemplars.models import AwardLine, Exemplar, Stage, Subject
from intranet.exemplars.views import bp
from intranet.extensions import db

# What every member of staff may know of a nomination once it is propagated: never its evidence.
PUBLIC_STAGES = (Stage.PROPAGATED,)


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def recognising_line(exemplar: Exemplar) -> AwardLine | None:
    """The award line of a published decision that recognised the exemplar, if any."""
    visible = document_access.visible_condition(current_user)
    lines = [a for a in decisions.awards_for_exemplar(exemplar.id, visible)]
    return lines[0] if lines else None


@bp.get("/honour-board")
@login_required
def honour_board():
    query = select(Exemplar).where(Exemplar.stage.in_(PUBLIC_STAGES))
    year, unit_id, field_id = _int_arg("year"), _int_arg("unit"), _int_arg("field")
    if year:
        query = query.where(Exemplar.year == year)
    if unit_id:
        query = query.where(Exemplar.unit_id == unit_id)
    if field_id:
        query = query.where(Exemplar.field_id == field_id)
    rows = db.session.execute(query.order_by(Exemplar.year.desc(), Exemplar.name)).scalars().all()
    years = (
        db.session.execute(
            select(Exemplar.year)
            .where(Exemplar.stage.in_(PUBLIC_STAGES))
            .distinct()
            .order_by(Exemplar.year.desc())
        )
        .scalars()
        .all()
    )
    by_year: dict[int, list[Exemplar]] = {}
    for exemplar in rows:
        by_year.setdefault(exemplar.year, []).append(exemplar)
    return render_template(
        "exemplars/honour_board.html",
        by_year=by_year,
        years=years,
        units=services.units(),
        fields=catalogues.entries(Group.FIELD),
        recognising_line=recognising_line,
        filters={"year": year, "unit": unit_id, "field": field_id},
    )


def _dossier_exemplars(condition) -> list[Exemplar]:
    """The records of the dossier the reader may open, and the propagated ones everyone may."""
    visible = or_(access.visible_condition(current_user), Exemplar.stage.in_(PUBLIC_STAGES))
    query = select(Exemplar).where(condition, visible).order_by(Exemplar.year.desc())
    return list(db.session.execute(query).scalars())


@bp.get("/dossier/person/<int:user_id>")
@login_required
def dossier_person(user_id: int):
    person = db.get_or_404(User, user_id)
    records = _dossier_exemplars(Exemplar.person_id == person.id)
    awards = decisions.awards_of_person(person.id, document_access.visible_condition(current_user))
    if not records and not awards and person.id != current_user.id:
        abort(404)
    return render_template(
        "exemplars/dossier.html",
        name=person.full_name,
        unit=person.unit,
        records=records,
        awards=awards,
        subject=Subject.INDIVIDUAL,
    )


@bp.get("/dossier/unit/<int:unit_id>")
@login_required
def dossier_unit(unit_id: int):
    unit = db.get_or_404(Unit, unit_id)
    records = _dossier_exemplars(
        (Exemplar.unit_id == unit.id) & (Exemplar.subject == Subject.COLLECTIVE)
    )
    awards = decisions.awards_of_unit(unit.id, document_access.visible_condition(current_user))
    return render_template(
        "exemplars/dossier.html",
        name=unit.name,
        unit=unit,
        records=records,
        awards=awards,
        subject=Subject.COLLECTIVE,
    )
