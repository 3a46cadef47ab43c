"""/search: the search page's query, filters, facets and snippets, as JSON.

The same ``indexing.queries`` as the page: the reader's tokens (``policy.reader_tokens``)
restrict the results in the index itself, before counting, faceting and highlighting, and a
degraded index is reported rather than "no results".
"""

from flask_login import current_user

from intranet import search
from intranet.api.core import Blueprint
from intranet.api.errors import fail
from intranet.api.schemas.search import (
    SearchArgs,
    SearchResultsSchema,
    SuggestArgs,
    SuggestionsSchema,
)
from intranet.indexing import queries

bp = Blueprint("api-search", __name__, url_prefix="/api/v1/search", description="Tìm kiếm")

API_PATHS = {
    "document": "/api/v1/documents/{}",
    "exemplar": "/api/v1/exemplars/{}",
    "evidence": "/api/v1/evidence/{}",
}
FILTERS = (*queries.FILTERS, *queries.DATE_FILTERS)


def _hit(hit: search.Hit, units: dict[str, str]) -> dict:
    prefix, _, raw_id = hit.key.partition(":")
    record_id = int(raw_id) if raw_id.isascii() and raw_id.isdigit() else None
    template = API_PATHS.get(prefix)
    return {
        **vars(hit),
        "unit_name": units.get(hit.unit, hit.unit) if hit.unit else None,
        "record_id": record_id,
        "api_url": template.format(record_id) if template and record_id else None,
    }


@bp.route("")
@bp.arguments(SearchArgs, location="query")
@bp.response(200, SearchResultsSchema)
@bp.problems(401, 422)
def search_archive(args):
    """Search documents, files, nominations, evidence and decisions the reader may see

    A filter no record can have (an unknown unit code, kind or status) is refused with 422,
    naming it; a page after the last answers no hits and says so in ``message``.
    """
    filters = {name: args[name] for name in FILTERS if args.get(name) not in (None, "")}
    errors = queries.invalid_filters(filters)
    if errors:
        fail(422, errors={name: [message] for name, message in errors.items()})
    query = queries.query_for(
        current_user,
        args.get("q", ""),
        filters,
        sort=args["sort"],
        page=args["page"],
        per_page=args["per_page"],
    )
    asked = bool(query.text.strip() or query.filters)
    results = queries.run(query) if asked else search.SearchResults(page=query.page)
    message = queries.message(results.message or (None if asked else search.MESSAGE_EMPTY))
    last_page = queries.past_the_end(results, query)
    if last_page and not message:
        message = queries.past_the_end_message(query.page, last_page)
    labels = queries.facet_labels()
    units = queries.unit_names()
    return {
        "total": results.total,
        "page": query.page,
        "per_page": query.per_page,
        "pages": (results.total + query.per_page - 1) // query.per_page,
        "hits": [_hit(h, units) for h in results.hits],
        "facets": {
            name: [
                {"value": str(v), "label": labels[name].get(str(v), str(v)), "count": n}
                for v, n in values.items()
            ]
            for name, values in queries.reader_facets(results.facets).items()
        },
        "message": message,
        "degraded": results.degraded,
    }


@bp.route("/suggest")
@bp.arguments(SuggestArgs, location="query")
@bp.response(200, SuggestionsSchema)
@bp.problems(401)
def suggest(args):
    """Suggestions as the reader types: titles, numbers and people's names they may see"""
    return {"suggestions": [vars(s) for s in queries.suggest(current_user, args["q"])]}
