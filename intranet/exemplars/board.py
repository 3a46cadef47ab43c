"""The honour board (bảng vàng) and the dossier of a person or a collective."""

from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required

from intranet import policy
from intranet.accounts.models import Unit, User
from intranet.documents import access as document_access
from intranet.domain import NotFound
from intranet.exemplars import bp, catalogues, decisions, queries, services
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


# Pictures for the board's cards, given by other areas (propagation's stories) on import:
# each ``provider(exemplar ids) -> {exemplar id: (image url, caption)}``, in grouped queries.
PHOTOS: list = []


def _photos(exemplars: list[Exemplar]) -> dict[int, tuple[str, str]]:
    ids, found = [e.id for e in exemplars], {}
    for provider in PHOTOS:
        found.update(provider(ids) if ids else {})
    return found


def _by_year_and_title(rows, lines) -> dict[int, dict[str, list[Exemplar]]]:
    """{year: {title (or form) of the recognising decision: exemplars}}, titles in order."""
    grouped: dict[int, dict[str, list[Exemplar]]] = {}
    for exemplar in rows:
        line = lines.get(exemplar.id)
        entry = line and (line.title or line.form)
        title = entry.name if entry else ""
        grouped.setdefault(exemplar.year, {}).setdefault(title, []).append(exemplar)
    return {
        year: dict(sorted(titles.items(), key=lambda item: (item[0] == "", item[0])))
        for year, titles in grouped.items()
    }


@bp.get("/honour-board")
@login_required
def honour_board():
    filters = queries.ExemplarFilters(
        year=_int_arg("year"), unit_id=_int_arg("unit"), field_id=_int_arg("field")
    )
    query = queries.honour_board(current_user, filters)
    query = query.order_by(Exemplar.year.desc(), Exemplar.name).options(*queries.EXEMPLAR_LOADS)
    rows = db.session.execute(query).scalars().all()
    lines = _recognising_lines(rows)
    by_year = _by_year_and_title(rows, lines)
    return render_template(
        "exemplars/honour_board.html",
        by_year=by_year,
        photos=_photos(rows),
        years=queries.honour_board_years(current_user),
        units=services.units(),
        fields=catalogues.entries(Group.FIELD),
        lines=lines,
        filters={"year": filters.year, "unit": filters.unit_id, "field": filters.field_id},
    )


def _dossier(name: str, unit, records, awards, subject: Subject, condition, **context):
    """The dossier page: nominations, awards and the evidence the reader may see of them."""
    return render_template(
        "exemplars/dossier.html",
        name=name,
        unit=unit,
        records=records,
        awards=awards,
        evidence=queries.dossier_evidence(current_user, condition),
        subject=subject,
        person_id=context.pop("person_id", None),
        **context,
    )


def _shown(records, awards, own: bool = False) -> None:
    """A dossier exists for a reader who may open one of its records or awards (or their own)."""
    if not records and not awards and not own:
        raise NotFound()


@bp.get("/dossier/person/<int:user_id>")
@login_required
def dossier_person(user_id: int):
    person = db.get_or_404(User, user_id)
    condition = Exemplar.person_id == person.id
    records = queries.dossier(current_user, condition)
    awards = queries.awards(
        AwardLine.person_id == person.id, document_access.visible_condition(current_user)
    )
    _shown(records, awards, own=person.id == current_user.id)
    return _dossier(
        person.full_name,
        person.unit,
        records,
        awards,
        Subject.INDIVIDUAL,
        condition,
        person_id=person.id,
    )


@bp.get("/dossier/name/<int:line_id>")
@login_required
def dossier_name(line_id: int):
    """The dossier of a person named in a decision without an account: by name and unit."""
    line = policy.get_or_404(AwardLine, line_id, current_user)
    if line.person_id is not None:
        return redirect(url_for("exemplars.dossier_person", user_id=line.person_id))
    if decisions.line_subject(line) == Subject.COLLECTIVE and line.unit_id is not None:
        return redirect(url_for("exemplars.dossier_unit", unit_id=line.unit_id))
    condition = (
        Exemplar.person_id.is_(None)
        & (Exemplar.subject == Subject.INDIVIDUAL)
        & (Exemplar.unit_id == line.unit_id)
        & (Exemplar.name == line.recipient_name)
    )
    records = queries.dossier(current_user, condition)
    awards = queries.awards(
        AwardLine.person_id.is_(None)
        & (AwardLine.unit_id == line.unit_id)
        & (AwardLine.recipient_name == line.recipient_name),
        document_access.visible_condition(current_user),
    )
    _shown(records, awards)
    return _dossier(line.recipient_name, line.unit, records, awards, Subject.INDIVIDUAL, condition)


@bp.get("/dossier/unit/<int:unit_id>")
@login_required
def dossier_unit(unit_id: int):
    unit = db.get_or_404(Unit, unit_id)
    condition = (Exemplar.unit_id == unit.id) & (Exemplar.subject == Subject.COLLECTIVE)
    records = queries.dossier(current_user, condition)
    awards = queries.awards(
        (AwardLine.unit_id == unit.id) & AwardLine.person_id.is_(None),
        document_access.visible_condition(current_user),
    )
    return _dossier(unit.name, unit, records, awards, Subject.COLLECTIVE, condition)
