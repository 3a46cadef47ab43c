"""The search interface: what is indexed, how it is asked, what comes back, the backend protocol.

Everything here is plain data; the domain builds :class:`IndexRecord` values (with their ACL
tokens) and :class:`SearchQuery` values (with the reader's tokens), and never sees Whoosh or
Tantivy.
"""

import datetime
from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any, Protocol, runtime_checkable

from .analysis import code_forms, code_terms, fold, nfc, normalize_code, syllables

FACETS = ("type", "kind", "year", "unit", "field", "status")
TYPES = (
    "document",
    "file",
    "exemplar",
    "evidence",
    "decision",
    "inspection",
    "report",
    "story",
    "activity",
)
SORTS = ("relevance", "date")
MAX_PER_PAGE = 100
MAX_WINDOW = 10_000  # deepest result reachable by paging: deep pages cost, and no one reads them
MAX_BODY_CHARS = 2_000_000  # a 500-page PDF; past that the text adds cost and little recall

# A record attribute is named `field` (the domain's field of work), hence `_field` above.
# Messages for the reader, in English; the search page translates them (they are stable keys).
MESSAGE_EMPTY = "Type a word, a phrase in quotes or a document number to search."
MESSAGE_SHORTENED = "The query was too long and has been shortened."
MESSAGE_DEGRADED = "Search is temporarily unavailable; the archive itself is intact."


class IndexUnavailable(Exception):
    """The index folder cannot be opened, read or written (deleted, locked, read-only, foreign).

    The caller shows "search degraded" rather than "no results", and the worker retries later.
    """


@dataclass
class IndexRecord:
    """One searchable record, as the domain describes it.

    ``codes`` are the record's own numbers ("36/KH-CĐBP", both forms of "05/KH-KKT");
    ``links`` the numbers of the documents it rests on or carries out (its basis: the plan it
    implements, the documents it cites or reports on), which rank it right after them.
    ``acl`` lists the tokens of who may see the record ("all", "unit:5", "role:staff",
    "user:12"): a reader sees it when the reader's tokens share one with it.
    """

    key: str
    type: str
    title: str
    body: str = ""
    codes: list[str] = _field(default_factory=list)
    links: list[str] = _field(default_factory=list)
    url: str = ""
    kind: str | None = None
    year: int | None = None
    unit: str | None = None
    field: str | None = None
    status: str | None = None
    date: datetime.date | None = None
    acl: list[str] = _field(default_factory=list)


@dataclass
class SearchQuery:
    """What a reader asks: text, filters, sort, page, and who is asking.

    ``filters`` maps a facet name (type, kind, year, unit, field, status) to a value or a list
    of values, plus ``date_from`` / ``date_to`` (dates, inclusive). ``reader`` is the reader's
    ACL tokens, or None for a reader who may see everything (an inspector, the reindex check).
    Counting the facets visits every match: a caller that shows none passes ``facets=False``.
    """

    text: str = ""
    filters: dict[str, Any] = _field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    reader: list[str] | None = None
    facets: bool = True  # False: no facet counts (suggestions), the total alone


@dataclass
class Hit:
    """One result. ``snippet`` is HTML: escaped text with <mark> around matches."""

    key: str
    type: str
    title: str
    url: str
    snippet: str
    score: float
    date: datetime.date | None = None
    kind: str | None = None
    year: int | None = None
    unit: str | None = None
    field: str | None = None
    status: str | None = None


@dataclass
class SearchResults:
    """A page of hits, the total, facet counts ({facet: {value: count}}) and a message."""

    total: int = 0
    hits: list[Hit] = _field(default_factory=list)
    facets: dict[str, dict[Any, int]] = _field(default_factory=dict)
    message: str | None = None
    degraded: bool = False
    page: int = 1
    per_page: int = 10


@runtime_checkable
class Backend(Protocol):
    """What both backends do. Writes come from one process (the worker) at a time."""

    name: str

    def apply(self, records: list[IndexRecord], gone: list[str]) -> None:
        """Add or replace (by key) ``records`` and remove the keys ``gone``, in one commit."""

    def index(self, records: list[IndexRecord]) -> None:
        """Add or replace (by key) these records, and commit."""

    def delete(self, keys: list[str]) -> None:
        """Remove the records with these keys, and commit; unknown keys are ignored."""

    def search(self, q: SearchQuery) -> SearchResults:
        """Search as ``q.reader``; never raises for any text, raises IndexUnavailable."""

    def keys(self) -> set[str]:
        """Every indexed key, for the consistency check."""

    def clear(self) -> None:
        """Remove every record (before a full reindex)."""

    def close(self) -> None:
        """Release files and locks."""


@dataclass
class Prepared:
    """An IndexRecord normalised once for both backends."""

    key: str
    type: str
    title: str
    body: str
    codes: list[str]  # the code field's terms: whole folded codes and their parts
    code_names: list[str]  # the whole folded codes, "36/kh-cdbp"
    links: list[str]  # the whole folded codes of its basis links, every written form
    title_key: str  # the whole title's folded syllables: "vo thi thanh tam"
    url: str
    kind: str | None
    year: int | None
    unit: str | None
    field: str | None
    status: str | None
    date_ord: int  # 0 when undated: sorts last when newest come first
    acl: list[str]


def _opt(value: object) -> str | None:
    text = nfc(str(value)).strip() if value is not None else ""
    return text or None


def title_key(text: str) -> str:
    """The folded syllables of a whole title (or query), one term: a record whose title is
    exactly what was typed (a person's name, a nomination) ranks first among its tier."""
    return fold(" ".join(syllables(text)))[:200]


def prepare(record: IndexRecord) -> Prepared:
    """NFC text, the code terms, and plain values for the stored and filter fields."""
    title = nfc(record.title).strip()
    body = nfc(record.body)[:MAX_BODY_CHARS]
    codes: set[str] = set()
    for code in record.codes or []:
        codes |= code_terms(code)
    try:  # a bad value must not look like a broken index to the worker
        year: int | None = int(record.year) if record.year is not None else None
    except (TypeError, ValueError):
        year = None
    when = record.date
    if isinstance(when, datetime.datetime):
        when = when.date()
    return Prepared(
        key=str(record.key),
        type=_opt(record.type) or "document",
        title=title,
        body=body,
        codes=sorted(codes),
        code_names=sorted({normalize_code(c) for c in record.codes or []} - {""}),
        links=sorted({f for c in record.links or [] for f in code_forms(normalize_code(c))} - {""}),
        title_key=title_key(title),
        url=record.url or "",
        kind=_opt(record.kind),
        year=year,
        unit=_opt(record.unit),
        field=_opt(record.field),
        status=_opt(record.status),
        date_ord=when.toordinal() if isinstance(when, datetime.date) else 0,
        acl=sorted({nfc(str(t)).strip() for t in record.acl or [] if str(t).strip()}),
    )


def date_from_ord(value: object) -> datetime.date | None:
    """The date stored as an ordinal, or None for 0 / missing."""
    try:
        number = int(value)  # type: ignore[arg-type]
        return datetime.date.fromordinal(number) if number > 0 else None
    except (TypeError, ValueError, OverflowError):
        return None
