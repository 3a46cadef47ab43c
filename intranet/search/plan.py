"""A SearchQuery checked and normalised once, so both backends build the same search from it.

Form values arrive as strings, lists, wrong types or nonsense; here they become clean lists of
filter values, a date range in ordinals, a sort, and a page window. Nothing raises.
"""

import datetime
from dataclasses import dataclass, field

from .analysis import nfc
from .base import FACETS, MAX_PER_PAGE, MAX_WINDOW, SORTS, SearchQuery
from .query import ParsedQuery, parse


@dataclass
class Plan:
    """Everything a backend needs to run one search."""

    parsed: ParsedQuery
    filters: dict[str, list] = field(default_factory=dict)  # facet -> accepted values
    date_from: int | None = None  # ordinals, inclusive
    date_to: int | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    reader: list[str] | None = None

    @property
    def offset(self) -> int:
        """Index of the first hit of the page."""
        return (self.page - 1) * self.per_page

    @property
    def match_all(self) -> bool:
        """No wanted clause: list everything the filters, exclusions and ACL allow."""
        return not self.parsed.positive

    @property
    def browsing(self) -> bool:
        """Nothing typed at all, but filters given: list them, newest first."""
        return self.parsed.empty and self.has_filters

    @property
    def has_filters(self) -> bool:
        """True when any filter or date bound restricts the results."""
        return bool(self.filters) or self.date_from is not None or self.date_to is not None


def _int(value: object, default: int) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _values(name: str, raw: object) -> list:
    """Accepted values of one filter; wrong ones are dropped rather than raising."""
    items = raw if isinstance(raw, list | tuple | set | frozenset) else [raw]
    values: list = []
    for item in items:
        if item is None or item == "":
            continue
        if name == "year":
            number = _int(item, 0)
            value: object = number if 0 < number < 10_000 else None
        else:
            value = nfc(str(item)).strip()[:200] or None
        if value is not None and value not in values:
            values.append(value)
    return values[:50]


def _ordinal(value: object) -> int | None:
    if isinstance(value, datetime.datetime):
        return value.date().toordinal()
    if isinstance(value, datetime.date):
        return value.toordinal()
    if isinstance(value, str) and value.strip():
        try:
            return datetime.date.fromisoformat(value.strip()[:10]).toordinal()
        except ValueError:
            return None
    return None


def make_plan(q: SearchQuery) -> Plan:
    """Parse the text and clean the filters, sort and paging of ``q``."""
    filters = {}
    raw_filters = q.filters if isinstance(q.filters, dict) else {}
    for name in FACETS:
        values = _values(name, raw_filters.get(name))
        if values:
            filters[name] = values
    per_page = min(max(_int(q.per_page, 10), 1), MAX_PER_PAGE)
    last_page = max(MAX_WINDOW // per_page, 1)
    reader = None
    if q.reader is not None:
        tokens = q.reader if isinstance(q.reader, list | tuple | set) else [q.reader]
        reader = sorted({nfc(str(t)).strip() for t in tokens if str(t).strip()})
    return Plan(
        parsed=parse(q.text),
        filters=filters,
        date_from=_ordinal(raw_filters.get("date_from")),
        date_to=_ordinal(raw_filters.get("date_to")),
        sort=q.sort if q.sort in SORTS else "relevance",
        page=min(max(_int(q.page, 1), 1), last_page),
        per_page=per_page,
        reader=reader,
    )
