"""/me and /units: who is calling, and the units of the college."""

from flask_login import current_user
from sqlalchemy import or_, select

from intranet.accounts.models import Unit
from intranet.accounts.permissions import publishes, reads_everything
from intranet.api.auth import auth_method
from intranet.api.core import Blueprint
from intranet.api.pagination import paginate, sorts
from intranet.api.schemas.accounts import MeSchema, UnitArgs, UnitSchema
from intranet.api.schemas.common import page_of

bp = Blueprint("accounts", __name__, url_prefix="/api/v1", description="Người dùng và đơn vị")

UNIT_SORTS = sorts({"code": Unit.code, "name": Unit.name}, Unit.id)


@bp.route("/me")
@bp.response(200, MeSchema)
@bp.problems(401)
def me():
    """The signed-in user: unit, roles and how this request was authenticated"""
    user = current_user
    return {
        "id": user.id,
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "locale": user.locale,
        "unit": user.unit,
        "roles": sorted(user.roles),
        "auth": auth_method(),
        "reads_everything": reads_everything(user),
        "publishes": publishes(user),
    }


@bp.route("/units")
@bp.arguments(UnitArgs, location="query")
@bp.response(200, page_of(UnitSchema))
@bp.problems(401)
def units(args):
    """The units (đơn vị) of the college"""
    query = select(Unit)
    if "active" in args:
        query = query.where(Unit.active.is_(args["active"]))
    if args.get("q"):
        text = args["q"]
        query = query.where(
            or_(
                Unit.code.icontains(text, autoescape=True),
                Unit.name.icontains(text, autoescape=True),
            )
        )
    return paginate(query, args, UNIT_SORTS)
