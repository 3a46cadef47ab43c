"""One page of a query, in the envelope every list of the API answers with."""

from intranet.extensions import db


def sorts(columns: dict, tie_breaker) -> dict[str, tuple]:
    """``{"name": column}`` -> the ORDER BY of "name" and "-name", ended by a unique column."""
    orders = {}
    for name, column in columns.items():
        orders[name] = (column.asc(), tie_breaker.asc())
        orders[f"-{name}"] = (column.desc(), tie_breaker.desc())
    return orders


def paginate(query, args: dict, orders: dict[str, tuple] | None = None) -> dict:
    """The page ``args["page"]`` of ``query`` (sorted by ``args["sort"]``), with the totals."""
    if orders is not None:
        query = query.order_by(*orders[args["sort"]])
    page = db.paginate(
        query, page=args["page"], per_page=args["per_page"], max_per_page=100, error_out=False
    )
    return envelope(list(page.items), page.total or 0, args)


def envelope(items: list, total: int, args: dict) -> dict:
    per_page = args["per_page"]
    return {
        "items": items,
        "total": total,
        "page": args["page"],
        "per_page": per_page,
        "pages": (total + per_page - 1) // per_page,
    }


def slice_page(items: list, args: dict) -> dict:
    """A page of a list already in memory (a few dozen units, say)."""
    start = (args["page"] - 1) * args["per_page"]
    return envelope(items[start : start + args["per_page"]], len(items), args)
