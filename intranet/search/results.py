"""Building SearchResults the same way for both backends: messages, facets, paging."""

from .base import (
    FACETS,
    MESSAGE_DEGRADED,
    MESSAGE_EMPTY,
    MESSAGE_SHORTENED,
    Hit,
    SearchResults,
)
from .plan import Plan


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
