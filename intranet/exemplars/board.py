"""The honour board (bảng vàng) and the dossier of a person or a collective."""

from flask import render_template, request
from flask_login import current_user, login_required

from intranet.accounts.models import Unit, User
from intranet.documents import access as document_access
from intranet.domain import NotFound
from intranet.exemplars import bp, catalogues, queries, services
from intranet.exemplars.catalogues import Group
from intranet.exemplars.models import AwardLine, Exemplar, Subject
from intranet.extensions import db


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _recognising_lines(exemplars: list[Exemplar]) -> dict[int, AwardLine]:
    """{exemplar id: the award line of a published decision the reader may open}, grouped."""
    visible = document_access.visible_condition(current_user)
    ids = [e.id for e in exemplars]
    lines = queries.awards(AwardLine.exemplar_id.in_(ids), visible) if ids else []
    first: dict[int, AwardLine] = {}
    for line in lines:
        first.setdefault(line.exemplar_id, line)
    return first


@bp.get("/honour-board")
@login_required
def honour_board():
    filters = queries.ExemplarFilters(
        year=_int_arg("year"), unit_id=_int_arg("unit"), field_id=_int_arg("field")
    )
    query = queries.honour_board(current_user, filters)
    query = query.order_by(Exemplar.year.desc(), Exemplar.name).options(*queries.EXEMPLAR_LOADS)
    rows = db.session.execute(query).scalars().all()
    by_year: dict[int, list[Exemplar]] = {}
    for exemplar in rows:
        by_year.setdefault(exemplar.year, []).append(exemplar)
    return render_template(
        "exemplars/honour_board.html",
        by_year=by_year,
        years=queries.honour_board_years(current_user),
        units=services.units(),
        fields=catalogues.entries(Group.FIELD),
        lines=_recognising_lines(rows),
        filters={"year": filters.year, "unit": filters.unit_id, "field": filters.field_id},
    )


@bp.get("/dossier/person/<int:user_id>")
@login_required
def dossier_person(user_id: int):
    person = db.get_or_404(User, user_id)
    records = queries.dossier(current_user, Exemplar.person_id == person.id)
    awards = queries.awards(
        AwardLine.person_id == person.id, document_access.visible_condition(current_user)
    )
    if not records and not awards and person.id != current_user.id:
        raise NotFound()
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
    records = queries.dossier(
        current_user, (Exemplar.unit_id == unit.id) & (Exemplar.subject == Subject.COLLECTIVE)
    )
    awards = queries.awards(
        (AwardLine.unit_id == unit.id) & AwardLine.person_id.is_(None),
        document_access.visible_condition(current_user),
    )
    return render_template(
        "exemplars/dossier.html",
        name=unit.name,
        unit=unit,
        records=records,
        awards=awards,
        subject=Subject.COLLECTIVE,
    )
