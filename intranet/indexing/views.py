"""The search page: one box, filters, facet counts, snippets, sorting, pages and exports."""

import csv
import io
import re
from datetime import date

from flask import (
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from intranet import search
from intranet.domain import Denied
from intranet.indexing import bp
from intranet.indexing.queries import (
    FILTERS,
    may_export,
    message,
    query_for,
    run,
    type_labels,
    value_labels,
)
from intranet.text import nfc

__all__ = ["bp"]  # the blueprint is made in the package; ``views.bp`` stays for old imports
bp.add_app_template_global(may_export, "may_export_search")

EXPORT_LIMIT = 5000
# Control characters (NUL, ESC, …) separate words and are never echoed into the page.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _date(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _digits(value: str) -> bool:
    # str.isdigit() is true for "²" and other digits int() refuses.
    return value.isascii() and value.isdigit()


def build_query(per_page: int = 10, page: int | None = None) -> search.SearchQuery:
    """The query of the page's arguments, as the signed-in reader (rights taken afresh)."""
    filters: dict = {}
    for name in FILTERS:
        value = nfc(request.args.get(name, ""))[:100]
        if value:
            filters[name] = int(value) if name == "year" and _digits(value) else value
    for name in ("date_from", "date_to"):
        value = _date(name)
        if value:
            filters[name] = value
    raw_page = request.args.get("page", "1")
    return query_for(
        current_user,
        _CONTROL.sub(" ", request.args.get("q", "")[:2000]),
        filters,
        sort="date" if request.args.get("sort") == "date" else "relevance",
        page=page or (int(raw_page) if _digits(raw_page) and len(raw_page) < 6 else 1),
        per_page=per_page,
    )


@bp.get("/")
@login_required
def page():
    query = build_query()
    results = run(query) if request.args.get("q") or query.filters else None
    return render_template(
        "search/page.html",
        query=query,
        results=results,
        message=message(results.message) if results is not None else None,
        export_args=_own_args(),
        type_labels=type_labels(),
        labels=value_labels(),
    )


def _own_args() -> dict[str, str]:
    """The page's own arguments, for links: any other name ("fmt", "_external") is dropped."""
    names = ("q", "sort", "date_from", "date_to", *FILTERS)
    return {k: v for k, v in request.args.items() if k in names}


@bp.get("/export.<any(csv, xlsx):fmt>")
@login_required
def export(fmt: str):
    if not may_export(current_user):
        raise Denied(kind="search", action="export")
    results = run(build_query(per_page=search.base.MAX_PER_PAGE, page=1))
    if results.degraded:  # an empty file would read as "nothing found"
        flash(message(search.MESSAGE_DEGRADED), "warning")
        return redirect(url_for("search.page", **_own_args()))
    hits = list(results.hits)
    query = build_query(per_page=search.base.MAX_PER_PAGE)
    page_no = 1
    while len(hits) < min(results.total, EXPORT_LIMIT) and not results.degraded:
        page_no += 1
        query.page = page_no
        more = run(query).hits
        if not more:
            break
        hits += more
    header = [
        _("Loại"),
        _("Tiêu đề"),
        _("Số, năm"),
        _("Đơn vị"),
        _("Trạng thái"),
        _("Ngày"),
        _("Đường dẫn"),
    ]
    labels = value_labels()  # words a reader (or the province) understands, not codes
    rows = [
        [
            labels.get(h.type, h.type),
            h.title,
            h.year or "",
            h.unit or "",
            labels.get(h.status, h.status) if h.status else "",
            h.date.isoformat() if h.date else "",
            request.host_url.rstrip("/") + h.url,
        ]
        for h in hits
    ]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows([[_csv_cell(v) for v in row] for row in rows])
        data = "\ufeff" + buffer.getvalue()  # the BOM lets Excel read UTF-8 Vietnamese
        return _download(data.encode("utf-8"), "ket-qua-tim-kiem.csv", "text/csv; charset=utf-8")
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Kết quả"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # text that merely starts with "=" stays text
                cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return _download(
        buffer.getvalue(),
        "ket-qua-tim-kiem.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _csv_cell(value):
    """Text a spreadsheet would run as a formula (=, +, -, @) is kept as text (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _download(data: bytes, name: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
