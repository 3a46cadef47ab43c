"""The archive's search as the reader may see it: one entry for the search page and the API.

The reader's tokens come from ``policy.reader_tokens``, taken afresh on every search, and restrict
the results in the index itself, before counting, faceting and highlighting.
"""

from flask import current_app
from flask_babel import gettext as _

from intranet import policy, search
from intranet.accounts.permissions import reads_everything
from intranet.indexing.worker import open_index

FILTERS = ("type", "kind", "year", "unit", "field", "status")
DATE_FILTERS = ("date_from", "date_to")
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
) -> search.SearchQuery:
    """A query as ``user`` reads: their index tokens, from the same rules as the pages."""
    return search.SearchQuery(
        text=text,
        filters=filters or {},
        sort=sort,
        page=page,
        per_page=per_page,
        reader=policy.reader_tokens(user),
    )


def run(query: search.SearchQuery) -> search.SearchResults:
    """Search, or say it is degraded when the index cannot be read (never "no results")."""
    try:
        backend = open_index(create=False)
    except search.IndexUnavailable:
        current_app.logger.warning("search index unavailable")
        return search.degraded_results()
    try:
        return search.search(backend, query)
    finally:
        backend.close()


def message(code: str | None) -> str | None:
    """The reader's words for a search message code (empty query, shortened, degraded)."""
    if not code:
        return None
    return MESSAGES.get(code, lambda: code)()


def may_export(user) -> bool:
    """Exports list every record found, whoever may open it: for those who read everything."""
    return reads_everything(user)


def type_labels() -> dict[str, str]:
    return {
        "document": _("Văn bản"),
        "file": _("Tệp đính kèm"),
        "decision": _("Quyết định"),
        "exemplar": _("Điển hình"),
        "evidence": _("Minh chứng"),
        "inspection": _("Kiểm tra"),
        "report": _("Báo cáo"),
    }


def value_labels() -> dict[str, str]:
    """Readable names for facet values stored as codes (types, kinds, statuses)."""
    from intranet.documents.kinds import KINDS
    from intranet.documents.models import Status
    from intranet.exemplars.models import Review, Stage, Subject

    labels = {code: str(label) for code, label in KINDS.items()}
    for enum in (Status, Stage, Review, Subject):
        labels |= {m.value: m.label for m in enum}
    return labels | type_labels()
