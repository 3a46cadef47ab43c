"""/search: the search page's query, filters, facets and snippets, as JSON.

The same ``indexing.queries`` as the page: the reader's tokens (``policy.reader_tokens``)
restrict the results in the index itself, before counting, faceting and highlighting, and a
degraded index is reported rather than "no results".
"""

from flask_login import current_user

from intranet import search
from intranet.api.core import Blueprint
from intranet.api.schemas.search import SearchArgs, SearchResultsSchema
from intranet.indexing import queries

bp = Blueprint("api-search", __name__, url_prefix="/api/v1/search", description="Tìm kiếm")

API_PATHS = {
    "document": "/api/v1/documents/{}",
    "exemplar": "/api/v1/exemplars/{}",
    "evidence": "/api/v1/evidence/{}",
}
FILTERS = (*queries.FILTERS, *queries.DATE_FILTERS)


def _hit(hit: search.Hit) -> dict:
    prefix, _, raw_id = hit.key.partition(":")
    record_id = int(raw_id) if raw_id.isascii() and raw_id.isdigit() else None
    template = API_PATHS.get(prefix)
    return {
        **vars(hit),
        "record_id": record_id,
        "api_url": template.format(record_id) if template and record_id else None,
    }


@bp.route("")
@bp.arguments(SearchArgs, location="query")
@bp.response(200, SearchResultsSchema)
@bp.problems(401)
def search_archive(args):
    """Search documents, files, nominations, evidence and decisions the reader may see"""
    query = queries.query_for(
        current_user,
        args.get("q", ""),
        {name: args[name] for name in FILTERS if args.get(name) not in (None, "")},
        sort=args["sort"],
        page=args["page"],
        per_page=args["per_page"],
    )
    asked = bool(query.text.strip() or query.filters)
    results = queries.run(query) if asked else search.SearchResults(page=query.page)
    message = queries.message(results.message or (None if asked else search.MESSAGE_EMPTY))
    labels = queries.value_labels()
    return {
        "total": results.total,
        "page": query.page,
        "per_page": query.per_page,
        "pages": (results.total + query.per_page - 1) // query.per_page,
        "hits": [_hit(h) for h in results.hits],
        "facets": {
            name: [
                {"value": str(v), "label": labels.get(str(v), str(v)), "count": n}
                for v, n in values.items()
            ]
            for name, values in results.facets.items()
        },
        "message": message,
        "degraded": results.degraded,
    }
