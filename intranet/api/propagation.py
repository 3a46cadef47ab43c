"""/exemplars/{id}/activities and /adoptions: how an exemplar is made known and copied, with
the rules of ``propagation/access.py``. The first activity makes a recognised exemplar
"propagated" (there is no step for it)."""

from flask_login import current_user

from intranet.api.core import Blueprint
from intranet.api.pagination import slice_page
from intranet.api.schemas.common import PageArgs, page_of
from intranet.api.schemas.propagation import (
    ActivityInSchema,
    ActivitySchema,
    AdoptionInSchema,
    AdoptionSchema,
)
from intranet.exemplars import access
from intranet.propagation import queries, services

bp = Blueprint(
    "api-propagation", __name__, url_prefix="/api/v1/exemplars", description="Tuyên truyền"
)

ID = "<int(min=1, max=2147483647):exemplar_id>"


@bp.route(f"/{ID}/activities")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(ActivitySchema))
@bp.problems(401, 404)
def list_activities(args, exemplar_id: int):
    """The propagation activities of an exemplar, newest first"""
    exemplar = access.get_visible_or_404(exemplar_id, current_user)
    return slice_page(queries.activities_of(exemplar.id), args)


@bp.route(f"/{ID}/activities", methods=["POST"])
@bp.json_body(ActivityInSchema)
@bp.response(201, ActivitySchema)
@bp.problems(401, 403, 404, 415, 422)
def record_activity(data, exemplar_id: int):
    """Record an activity (the secretariat or the unit's head); the first one makes a
    recognised exemplar "propagated", with a timeline event"""
    exemplar = access.get_visible_or_404(exemplar_id, current_user)
    return services.record_activity(exemplar, services.ActivityData(**data), current_user)


@bp.route(f"/{ID}/adoptions")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(AdoptionSchema))
@bp.problems(401, 404)
def list_adoptions(args, exemplar_id: int):
    """The units that adopted the exemplar's practice (nhân rộng)"""
    exemplar = access.get_visible_or_404(exemplar_id, current_user)
    return slice_page(queries.adoptions_of(exemplar.id), args)


@bp.route(f"/{ID}/adoptions", methods=["POST"])
@bp.json_body(AdoptionInSchema)
@bp.response(201, AdoptionSchema)
@bp.problems(401, 403, 404, 415, 422)
def record_adoption(data, exemplar_id: int):
    """Record that the caller's unit adopted the practice (another unit's head; the secretariat
    may name the unit)"""
    exemplar = access.get_visible_or_404(exemplar_id, current_user)
    return services.record_adoption(
        exemplar,
        current_user,
        data["practice"],
        data["adopted_on"],
        data.get("result", ""),
        unit_id=data.get("unit_id"),
    )
