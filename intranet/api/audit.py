"""/audit: the audit trail, for those who may see every record's history."""

from flask_login import current_user

from intranet.accounts.permissions import may_see_history
from intranet.api.auth import require
from intranet.api.core import Blueprint
from intranet.api.pagination import paginate
from intranet.api.schemas.audit import AuditArgs, AuditEntrySchema
from intranet.api.schemas.common import page_of
from intranet.audit import queries, registry
from intranet.audit.models import AuditEntry
from intranet.audit.service import changes_of

bp = Blueprint("api-audit", __name__, url_prefix="/api/v1/audit", description="Nhật ký")

FILTERS = ("person", "record_type", "record_id", "action", "date_from", "date_to")


def entry_out(entry: AuditEntry) -> dict:
    out = {c.key: getattr(entry, c.key) for c in AuditEntry.__table__.columns}
    out.update(
        actor={
            "id": entry.actor_id,
            "username": entry.actor_username,
            "full_name": entry.actor_name,
        },
        action_label=str(registry.ACTIONS.get(entry.action, entry.action)),
        changes=[
            {"field": name, "before": before, "after": after}
            for name, before, after in changes_of(entry)
        ],
    )
    return out


@bp.route("")
@bp.arguments(AuditArgs, location="query")
@bp.response(200, page_of(AuditEntrySchema))
@bp.problems(401, 403)
def list_entries(args):
    """Entries of the trail, newest first: by person, record, action and dates"""
    require(may_see_history(current_user))
    filters = queries.Filters(**{k: args[k] for k in FILTERS if args.get(k) is not None})
    query = queries.search(filters)
    if args["sort"] == "seq":
        query = query.order_by(None).order_by(AuditEntry.seq.asc())
    page = paginate(query, args)
    page["items"] = [entry_out(e) for e in page["items"]]
    return page
