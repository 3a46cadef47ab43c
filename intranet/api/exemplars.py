"""/exemplars: nominations, their timeline and their steps, as the exemplar pages do them."""

from dataclasses import fields as dataclass_fields

from flask_login import current_user
from sqlalchemy import or_, select

from intranet.accounts.models import Role
from intranet.accounts.permissions import publishes
from intranet.api.core import Blueprint
from intranet.api.errors import fail
from intranet.api.pagination import paginate, sorts
from intranet.api.schemas.common import page_of
from intranet.api.schemas.exemplars import (
    ExemplarArgs,
    ExemplarInSchema,
    ExemplarPatchSchema,
    ExemplarSchema,
    ExemplarSummarySchema,
    StepSchema,
)
from intranet.exemplars import access, services, workflow
from intranet.exemplars.models import Exemplar, Stage

bp = Blueprint("api-exemplars", __name__, url_prefix="/api/v1/exemplars", description="Điển hình")

ID = "<int(min=1, max=2147483647):exemplar_id>"
STEP = f"<any({', '.join(workflow.STEPS)}):step>"
SORTS = sorts(
    {"updated_at": Exemplar.updated_at, "year": Exemplar.year, "name": Exemplar.name}, Exemplar.id
)


def exemplar_out(exemplar: Exemplar) -> dict:
    user = current_user
    out = {c.key: getattr(exemplar, c.key) for c in Exemplar.__table__.columns}
    out.update(
        stage=exemplar.stage,
        person=exemplar.person,
        unit=exemplar.unit,
        field=exemplar.field,
        movement=exemplar.movement,
        owner=exemplar.owner,
        events=exemplar.events,
        steps=[s.name for s in workflow.available_steps(user, exemplar)],
        may_edit=workflow.may_edit(user, exemplar),
        may_add_evidence=workflow.may_add_evidence(user, exemplar),
        may_review_evidence=workflow.may_review_evidence(user, exemplar),
    )
    return out


def _queue(query, queue: str):
    """The queues of the exemplars page; one the reader has not is refused, not emptied."""
    user = current_user
    if queue == "mine":
        return query.where(or_(Exemplar.owner_id == user.id, Exemplar.person_id == user.id))
    if queue == "unit":
        if not user.has_role(Role.UNIT_HEAD):
            fail(403)
        return query.where(Exemplar.unit_id == user.unit_id, Exemplar.stage == Stage.SUBMITTED)
    if queue == "school":
        if not publishes(user):
            fail(403)
        return query.where(Exemplar.stage.in_([Stage.ENDORSED, Stage.RECOGNISED]))
    return query


@bp.route("")
@bp.arguments(ExemplarArgs, location="query")
@bp.response(200, page_of(ExemplarSummarySchema))
@bp.problems(401, 403)
def list_exemplars(args):
    """Nominations the reader may open: by queue, year, unit, field, stage, subject or name"""
    query = select(Exemplar).where(access.visible_condition(current_user))
    query = _queue(query, args.get("queue", "all"))
    for name, column in (
        ("year", Exemplar.year),
        ("unit", Exemplar.unit_id),
        ("field", Exemplar.field_id),
        ("stage", Exemplar.stage),
        ("subject", Exemplar.subject),
    ):
        if args.get(name) is not None:
            query = query.where(column == args[name])
    if args.get("q"):
        query = query.where(Exemplar.name.icontains(args["q"], autoescape=True))
    return paginate(query, args, SORTS)


def _data(values: dict) -> services.ExemplarData:
    names = {f.name for f in dataclass_fields(services.ExemplarData)}
    values = {k: v for k, v in values.items() if k in names}
    values["subject"] = str(values["subject"])
    return services.ExemplarData(**values)


@bp.route("", methods=["POST"])
@bp.json_body(ExemplarInSchema)
@bp.response(201, ExemplarSchema)
@bp.problems(401, 415, 422)
def create_exemplar(data):
    """Nominate a person or a collective of the caller's unit; the caller owns the draft"""
    return exemplar_out(services.save_exemplar(None, _data(data), current_user))


@bp.route(f"/{ID}")
@bp.response(200, ExemplarSchema)
@bp.problems(401, 404)
def get_exemplar(exemplar_id: int):
    """One nomination with its timeline (404 also when the reader may not open it)"""
    return exemplar_out(access.get_visible_or_404(exemplar_id, current_user))


@bp.route(f"/{ID}", methods=["PATCH"])
@bp.json_body(ExemplarPatchSchema)
@bp.response(200, ExemplarSchema)
@bp.problems(401, 403, 404, 409, 415, 422)
def update_exemplar(data, exemplar_id: int):
    """Change a nomination the caller owns while it is a draft or returned"""
    exemplar = access.get_visible_or_404(exemplar_id, current_user)
    if not workflow.may_edit(current_user, exemplar):
        fail(403)
    version = data.pop("version", None)
    if version is not None and version != exemplar.version:
        fail(409, kind="conflict")
    current = {
        "subject": exemplar.subject,
        "year": exemplar.year,
        "achievement": exemplar.achievement,
        "person_id": exemplar.person_id,
        "name": "" if exemplar.person_id else exemplar.name,
        "field_id": exemplar.field_id,
        "movement_id": exemplar.movement_id,
    }
    services.save_exemplar(exemplar, _data(current | data), current_user)
    return exemplar_out(exemplar)


@bp.route(f"/{ID}/steps/{STEP}", methods=["POST"])
@bp.json_body(StepSchema, required=False)
@bp.response(200, ExemplarSchema)
@bp.problems(401, 403, 404, 415, 422)
def take_step(data, exemplar_id: int, step: str):
    """Move the nomination one step: submit, endorse, return, recognise, propagate, withdraw"""
    exemplar = access.get_visible_or_404(exemplar_id, current_user)
    services.take_step(exemplar, step, current_user, note=data.get("note", ""))
    return exemplar_out(exemplar)
