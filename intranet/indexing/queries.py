"""The archive's search as the reader may see it: one entry for the search page and the API.

The reader's tokens come from ``policy.reader_tokens``, taken afresh on every search, and restrict
the results in the index itself, before counting, faceting and highlighting.
"""

import datetime
import math
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from intranet import policy, search
from intranet.accounts.permissions import reads_everything
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.indexing.worker import forget_reader_index, reader_index
from intranet.memo import per_locale, per_request
from intranet.text import fold

# "subject" (cá nhân / tập thể) is a filter and a facet of its own for the reader; in the index
# it shares the "kind" field with the documents' kinds (their values never meet).
FILTERS = ("type", "kind", "subject", "year", "unit", "field", "status")
DATE_FILTERS = ("date_from", "date_to")
FACETS = ("type", "kind", "subject", "year", "unit", "field", "status")
SUGGESTIONS = 8
# A kind that no record has: asked for a document kind AND individual/collective, nothing matches.
_NOTHING = "∅"
MESSAGES = {
    search.MESSAGE_EMPTY: lambda: _("Nhập từ khoá, cụm từ trong ngoặc kép hoặc số văn bản để tìm."),
    search.MESSAGE_SHORTENED: lambda: _("Câu tìm kiếm quá dài nên đã được rút gọn."),
    search.MESSAGE_DEGRADED: lambda: _(
        "Chức năng tìm kiếm tạm thời gián đoạn; dữ liệu vẫn an toàn. Hãy thử lại sau ít phút."
    ),
}


def query_for(
    user,
    text: str = "",
    filters: dict | None = None,
    *,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 10,
    facets: bool = True,
) -> search.SearchQuery:
    """A query as ``user`` reads: their index tokens, from the same rules as the pages.

    ``filters`` are the reader's (``subject`` among them); the index's are made here.
    """
    return search.SearchQuery(
        text=text,
        filters=index_filters(filters or {}),
        sort=sort,
        page=page,
        per_page=per_page,
        reader=policy.reader_tokens(user),
        facets=facets,
    )


def run(query: search.SearchQuery) -> search.SearchResults:
    """Search, or say it is degraded when the index cannot be read (never "no results").

    The process's long-lived backend answers; when it fails it is dropped and the index opened
    afresh once (it may have been deleted and rebuilt since) before search says it is degraded.
    """
    for _attempt in range(2):
        try:
            return reader_index().search(query)
        except search.IndexUnavailable:
            forget_reader_index()
    current_app.logger.warning("search index unavailable")
    return search.degraded_results()


def message(code: str | None) -> str | None:
    """The reader's words for a search message code (empty query, shortened, degraded)."""
    if not code:
        return None
    return MESSAGES.get(code, lambda: code)()


def may_export(user) -> bool:
    """Exports list every record found, whoever may open it: for those who read everything."""
    return reads_everything(user)


@per_locale
def type_labels() -> dict[str, str]:
    return {
        "document": _("Văn bản"),
        "file": _("Tệp đính kèm"),
        "decision": _("Quyết định"),
        "exemplar": _("Điển hình"),
        "evidence": _("Minh chứng"),
        "inspection": _("Kiểm tra"),
        "report": _("Báo cáo"),
        "story": _("Bài viết về điển hình"),
        "activity": _("Hoạt động tuyên truyền"),
    }


@per_locale
def value_labels() -> dict[str, str]:
    """Readable names for facet values stored as codes (types, kinds, statuses)."""
    from intranet.documents.kinds import KINDS
    from intranet.documents.models import Status
    from intranet.exemplars.models import Review, Stage, Subject

    labels = {code: str(label) for code, label in KINDS.items()}
    for enum in (Status, Stage, Review, Subject):
        labels |= {m.value: m.label for m in enum}
    return labels | type_labels()


# The reader's filters and facets, as the index stores them ----------------------------------


def index_filters(filters: dict) -> dict:
    """The reader's filters as the index knows them: ``subject`` goes to the "kind" field."""
    out = {k: v for k, v in filters.items() if k != "subject"}
    subject = filters.get("subject")
    if subject:
        out["kind"] = subject if not out.get("kind") else _NOTHING
    return out


def reader_facets(facets: dict) -> dict[str, dict]:
    """The index's facets as the reader reads them, each meaning one thing: the "kind" field
    is split into the documents' kinds and cá nhân / tập thể."""
    from intranet.exemplars.models import Subject

    subjects = {s.value for s in Subject}
    kinds = facets.get("kind") or {}
    out = {name: dict(facets.get(name) or {}) for name in FACETS if name not in ("kind", "subject")}
    out["kind"] = {v: n for v, n in kinds.items() if v not in subjects}
    out["subject"] = {v: n for v, n in kinds.items() if v in subjects}
    return {name: out[name] for name in FACETS}


def facet_names() -> dict[str, str]:
    return {
        "type": _("Loại hồ sơ"),
        "kind": _("Loại văn bản"),
        "subject": _("Cá nhân / tập thể"),
        "year": _("Năm"),
        "unit": _("Đơn vị"),
        "field": _("Lĩnh vực"),
        "status": _("Trạng thái"),
    }


@per_request
def unit_names() -> dict[str, str]:
    """Unit code → name: the index keeps codes (stable filters), readers see names."""
    from intranet.accounts.models import Unit

    return dict(db.session.execute(select(Unit.code, Unit.name)).all())


def facet_labels() -> dict[str, dict[str, str]]:
    """Readable words for each facet's values, by facet (a unit code may equal a kind code)."""
    values = value_labels()
    units = unit_names()
    return {name: (units if name == "unit" else values) for name in FACETS}


@per_request
def choices() -> dict[str, list[tuple[str, str]]]:
    """The options of the form's filter fields: every value a filter may take, in words."""
    from intranet.accounts.models import Unit
    from intranet.exemplars.catalogues import CatalogueEntry, Group

    units = db.session.execute(select(Unit.code, Unit.name).order_by(Unit.name)).all()
    fields = db.session.execute(
        select(CatalogueEntry.name)
        .where(CatalogueEntry.group == Group.FIELD)
        .order_by(CatalogueEntry.name)
    ).scalars()
    return _fixed_choices() | {
        "unit": [(code, name) for code, name in units],
        "field": [(name, name) for name in fields],
    }


@per_locale
def _fixed_choices() -> dict[str, list[tuple[str, str]]]:
    """The filters whose values are the code's own (types, kinds, statuses), in words."""
    from intranet.documents.kinds import KINDS
    from intranet.documents.models import Status
    from intranet.exemplars.models import Review, Stage, Subject

    statuses: dict[str, str] = {}
    for enum in (Status, Stage, Review):
        for member in enum:
            statuses.setdefault(member.value, member.label)
    types = type_labels()
    return {
        "type": [(t, types[t]) for t in ("document", "decision", "file", "exemplar", "evidence")],
        "kind": sorted(((k, str(v)) for k, v in KINDS.items()), key=lambda kv: fold(kv[1])),
        "subject": [(s.value, s.label) for s in Subject],
        "status": sorted(statuses.items(), key=lambda kv: fold(kv[1])),
    }


def invalid_filters(filters: dict) -> dict[str, str]:
    """{filter: message} for every filter whose value no record can have (never ignored)."""
    allowed = choices()
    errors: dict[str, str] = {}
    for name in ("type", "kind", "subject", "unit", "field", "status"):
        value = filters.get(name)
        if value not in (None, "") and str(value) not in {v for v, _t in allowed[name]}:
            errors[name] = _("Không có giá trị «%(value)s» cho bộ lọc này.", value=str(value)[:100])
    year = filters.get("year")
    if year not in (None, "") and not (isinstance(year, int) and 1900 <= year <= 2100):
        errors["year"] = _("Năm phải là một số từ 1900 đến 2100.")
    start, end = filters.get("date_from"), filters.get("date_to")
    if isinstance(start, datetime.date) and isinstance(end, datetime.date) and start > end:
        errors["date_to"] = _("“Đến ngày” phải sau “Từ ngày”.")
    return errors


def past_the_end(results: search.SearchResults, query: search.SearchQuery) -> int | None:
    """The last page when the reader asked for a page after it (None otherwise)."""
    pages = math.ceil(results.total / query.per_page) if results.total else 0
    return pages if pages and query.page > pages else None


def past_the_end_message(page: int, pages: int) -> str:
    return _("Trang %(page)d không có: kết quả chỉ có %(pages)d trang.", page=page, pages=pages)


# Suggestions as the reader types --------------------------------------------------------------


@dataclass
class Suggestion:
    title: str
    type: str
    label: str  # what it is, in words ("Văn bản", "Điển hình"…)
    url: str
    unit: str | None


def suggest(user, text: str, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """Titles, numbers and people's names of the records ``user`` may see, for what is typed.

    The last word may be unfinished ("Nguyễn Thị La"): the records found by the words before it
    are kept when a word of their title starts with it.
    """
    text = " ".join(text.split())[:200]
    if len(text) < 2:
        return []
    hits = run(query_for(user, text, per_page=limit, facets=False)).hits
    words = text.split(" ")
    if len(hits) < limit and len(words) > 1:
        head, last = " ".join(words[:-1]), fold(words[-1])
        seen = {h.key for h in hits}
        for hit in run(query_for(user, head, per_page=50, facets=False)).hits:
            if hit.key not in seen and any(
                w.startswith(last) for w in fold(hit.title).replace(":", " ").split()
            ):
                hits.append(hit)
                seen.add(hit.key)
            if len(hits) >= limit:
                break
    types, units = type_labels(), unit_names()
    return [
        Suggestion(
            title=h.title,
            type=h.type,
            label=types.get(h.type, h.type),
            url=h.url,
            unit=units.get(h.unit or "", h.unit),
        )
        for h in hits[:limit]
    ]
