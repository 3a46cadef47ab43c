"""The trail's pages: the search for inspectors, leaders and the secretariat, and each record's
History."""

import re
from datetime import date, datetime

from flask import current_app, render_template, request, url_for
from werkzeug.routing import BuildError

from intranet.accounts.permissions import SEES_HISTORY, may_see_history, role_required
from intranet.audit import as_of, bp, queries, registry
from intranet.audit.service import changes_of
from intranet.domain import RuleBroken
from intranet.extensions import db
from intranet.extensions import gettext as _

PER_PAGE = 50
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


# Other areas' pages show their History link by it (templates/audit/_history_link.html).
bp.add_app_template_global(may_see_history)


@bp.app_template_filter("audit_value")
def audit_value(value) -> str:
    """A before or after value as a reader expects it: dates in dd/mm/yyyy, yes/no, a dash."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, list):
        return ", ".join(audit_value(v) for v in value)
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        try:
            return _filter("short_datetime")(datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        return _filter("short_date")(date.fromisoformat(value))
    return str(value)


def _filter(name: str):
    """A date filter of the application's templates (the layout's own, dd/mm/yyyy in Vietnamese)."""
    return current_app.jinja_env.filters[name]


def record_page(record_type: str, record_id: int | None) -> str | None:
    """The record's own page, as its model declares it (``__audit_page__``)."""
    spec = registry.spec_of_table(record_type)
    page = spec.page if spec is not None else None
    if page is None or record_id is None:
        return None
    try:
        return url_for(page[0], **{page[1]: record_id})
    except BuildError:
        return None


def _context() -> dict:
    return {
        "actions": registry.ACTIONS,
        "type_labels": registry.type_labels(),
        "field_labels": registry.FIELD_LABELS,
        "changes_of": changes_of,
        "record_page": record_page,
    }


@bp.get("/")
@role_required(*SEES_HISTORY)
def index():
    filters = queries.Filters.from_args(request.args)
    page = db.paginate(queries.search(filters), per_page=PER_PAGE, error_out=False)
    types = list(db.session.execute(queries.record_types()).scalars())
    return render_template(
        "audit/index.html", page=page, filters=filters, record_types=types, **_context()
    )


@bp.get("/<record_type>/<int:record_id>")
@role_required(*SEES_HISTORY)
def history(record_type: str, record_id: int):
    entries = db.session.execute(queries.history(record_type, record_id)).scalars().all()
    return render_template(
        "audit/history.html",
        entries=entries,
        record_type=record_type,
        record_id=record_id,
        type_label=registry.type_labels().get(record_type, record_type),
        **_context(),
    )


AS_OF_PER_PAGE = 100


@bp.get("/as-of")
@role_required(*SEES_HISTORY)
def as_of_day():
    """The archive as it stood at the end of a past day: each record with its state then."""
    raw, record_type = request.args.get("date", ""), request.args.get("type", "")[:40]
    try:
        day = as_of.parse_day(raw)
    except RuleBroken as exc:
        day, problem = None, str(exc)
    else:
        problem = None
    records = as_of.records_on(day, record_type) if day else []
    page = max(1, min(request.args.get("page", 1, type=int) or 1, 10**6))
    shown = records[(page - 1) * AS_OF_PER_PAGE : page * AS_OF_PER_PAGE]
    body = render_template(
        "audit/as_of.html",
        day=day,
        raw=raw[:20],
        record_type=record_type,
        problem=problem,
        records=shown,
        total=len(records),
        page=page,
        pages=max(1, -(-len(records) // AS_OF_PER_PAGE)),
        columns=as_of.state_columns(),
        specs=registry.audited(),
        state_label=as_of.state_label,
        **_context(),
    )
    return (body, 400) if problem else body
