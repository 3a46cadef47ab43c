"""Building SearchResults the same way for both backends: messages, facets, hits, paging."""

from collections.abc import Callable
from typing import Any

from .base import (
    FACETS,
    MESSAGE_DEGRADED,
    MESSAGE_EMPTY,
    MESSAGE_SHORTENED,
    Hit,
    SearchResults,
    date_from_ord,
)
from .plan import Plan
from .snippets import Highlighter


def empty_results(plan: Plan | None = None) -> SearchResults:
    """Nothing searchable was typed: no hits and the "empty query" message."""
    page, per_page = (plan.page, plan.per_page) if plan else (1, 10)
    return SearchResults(
        message=MESSAGE_EMPTY, page=page, per_page=per_page, facets={name: {} for name in FACETS}
    )


def degraded_results() -> SearchResults:
    """The index cannot be read: say so instead of pretending there is nothing."""
    return SearchResults(
        message=MESSAGE_DEGRADED, degraded=True, facets={name: {} for name in FACETS}
    )


def finish(plan: Plan, total: int, hits: list[Hit], facets: dict) -> SearchResults:
    """Results with every facet present, values sorted by count, and the plan's message."""
    ordered = {}
    for name in FACETS:
        counts = {k: int(v) for k, v in (facets.get(name) or {}).items() if k not in (None, "")}
        ordered[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))))
    return SearchResults(
        total=total,
        hits=hits,
        facets=ordered,
        message=MESSAGE_SHORTENED if plan.parsed.shortened else None,
        page=plan.page,
        per_page=plan.per_page,
    )


def make_hit(get: Callable[[str], Any], score: float, highlighter: Highlighter) -> Hit:
    """A Hit from a record's stored values; ``get(name)`` gives one value or None."""
    year = get("year")
    return Hit(
        key=str(get("key")),
        type=get("type") or "",
        title=get("title_f") or "",
        url=get("url") or "",
        snippet=highlighter.snippet(get("body_f") or ""),
        score=float(score or 0.0),
        date=date_from_ord(get("date_ord")),
        kind=get("kind"),
        year=int(year) if year else None,
        unit=get("unit"),
        field=get("field"),
        status=get("status"),
    )
