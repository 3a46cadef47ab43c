"""/exemplars: nominations, their timeline and their steps, as the exemplar pages do them."""

from dataclasses import fields as dataclass_fields

from flask import request
from flask_login import current_user

from intranet import policy
from intranet.api.core import Blueprint
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
from intranet.exemplars import access, queries, services, workflow
from intranet.exemplars.models import Exemplar

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
        steps=[s.name for s in access.available_steps(user, exemplar)],
        may_edit=policy.may(user, "edit", exemplar),
        may_add_evidence=policy.may(user, "add_evidence", exemplar),
        may_review_evidence=policy.may(user, "review", exemplar),
        may_see_evidence=policy.may(user, "see_evidence", exemplar),
    )
    return out


def _with_etag(exemplar: Exemplar):
    """The nomination, with its version as the ETag a PATCH sends back in If-Match."""
    return exemplar_out(exemplar), 200, {"ETag": f'"{exemplar.version}"'}


@bp.route("")
@bp.arguments(ExemplarArgs, location="query")
@bp.response(200, page_of(ExemplarSummarySchema))
@bp.problems(401, 403)
def list_exemplars(args):
    """Nominations the reader may open: by queue, year, unit, field, stage, subject or name

    A queue the reader has not (``unit`` for all but a unit's head, ``school`` for all but those
    who read everything) is refused with 403."""
    filters = queries.ExemplarFilters(
        year=args.get("year"),
        unit_id=args.get("unit"),
        field_id=args.get("field"),
        stage=args.get("stage"),
        subject=args.get("subject"),
        name=args.get("q") or "",
    )
    return paginate(queries.queue(current_user, args.get("queue", "all"), filters), args, SORTS)


def _data(values: dict) -> services.ExemplarData:
    names = {f.name for f in dataclass_fields(services.ExemplarData)}
    values = {k: v for k, v in values.items() if k in names}
    values["subject"] = str(values["subject"])
    return services.ExemplarData(**values)


@bp.route("", methods=["POST"])
@bp.json_body(ExemplarInSchema)
@bp.response(201, ExemplarSchema)
@bp.problems(401, 403, 415, 422)
def create_exemplar(data):
    """Nominate a person or a collective of the caller's unit; the caller owns the draft"""
    return exemplar_out(services.save_exemplar(None, _data(data), current_user))


@bp.route(f"/{ID}")
@bp.response(200, ExemplarSchema)
@bp.problems(401, 404)
def get_exemplar(exemplar_id: int):
    """One nomination with its timeline (404 also when the reader may not open it)

    Its version is the ETag; send it back in If-Match (or as ``version``) to change it."""
    return _with_etag(access.get_visible_or_404(exemplar_id, current_user))


IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "schema": {"type": "string"},
    "description": "Phiên bản đang sửa (ETag của GET), hoặc gửi trường “version”",
}


@bp.route(f"/{ID}", methods=["PATCH"])
@bp.doc(parameters=[IF_MATCH])
@bp.json_body(ExemplarPatchSchema)
@bp.response(200, ExemplarSchema)
@bp.problems(401, 403, 404, 409, 415, 422, 428)
def update_exemplar(data, exemplar_id: int):
    """Change a nomination the caller owns while it is a draft or returned

    The version edited is required, in the If-Match header or the ``version`` field: 428 when
    missing, 409 when someone changed the nomination since (nothing is saved)."""
    exemplar = access.get_visible_or_404(exemplar_id, current_user)
    version = request.headers.get("If-Match") or data.pop("version", None)
    data.pop("version", None)
    current = {
        "subject": exemplar.subject,
        "year": exemplar.year,
        "achievement": exemplar.achievement,
        "person_id": exemplar.person_id,
        "name": "" if exemplar.person_id else exemplar.name,
        "field_id": exemplar.field_id,
        "movement_id": exemplar.movement_id,
    }
    services.save_exemplar(exemplar, _data(current | data), current_user, version=version)
    return _with_etag(exemplar)


@bp.route(f"/{ID}/steps/{STEP}", methods=["POST"])
@bp.json_body(StepSchema, required=False)
@bp.response(200, ExemplarSchema)
@bp.problems(401, 403, 404, 415, 422)
def take_step(data, exemplar_id: int, step: str):
    """Move the nomination one step: submit, endorse, return, recognise, withdraw (it becomes
    "propagated" by its first activity: POST /exemplars/{id}/activities)"""
    exemplar = access.get_visible_or_404(exemplar_id, current_user)
    services.take_step(exemplar, step, current_user, note=data.get("note", ""))
    return exemplar_out(exemplar)
