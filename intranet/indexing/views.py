"""The search page: one box, filters, facet counts, snippets, sorting, pages and exports."""

import csv
import io
import math
import re
from datetime import date

from flask import (
    Response,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from intranet import search
from intranet.domain import Denied
from intranet.extensions import gettext as _
from intranet.indexing import bp
from intranet.indexing.queries import (
    DATE_FILTERS,
    FILTERS,
    choices,
    facet_labels,
    facet_names,
    invalid_filters,
    may_export,
    message,
    past_the_end,
    past_the_end_message,
    query_for,
    reader_facets,
    run,
    suggest,
    type_labels,
    unit_names,
    value_labels,
)
from intranet.text import nfc, parse_date

__all__ = ["bp"]  # the blueprint is made in the package; ``views.bp`` stays for old imports
bp.add_app_template_global(may_export, "may_export_search")

EXPORT_LIMIT = 5000
# Control characters (NUL, ESC, …) separate words and are never echoed into the page.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _digits(value: str) -> bool:
    # str.isdigit() is true for "²" and other digits int() refuses.
    return value.isascii() and value.isdigit()


def read_filters() -> tuple[dict, dict[str, str]]:
    """The page's filters and, for each one that cannot be, its message (never ignored)."""
    filters: dict = {}
    errors: dict[str, str] = {}
    for name in FILTERS:
        value = nfc(request.args.get(name, "")).strip()[:100]
        if not value:
            continue
        if name == "year":
            if _digits(value) and len(value) == 4:
                filters[name] = int(value)
            else:
                errors[name] = _("Năm phải là một số từ 1900 đến 2100.")
                filters[name] = value
            continue
        filters[name] = value
    for name in DATE_FILTERS:
        raw = request.args.get(name, "").strip()
        if not raw:
            continue
        try:
            filters[name] = parse_date(raw[:20])  # dd/mm/yyyy as typed, or ISO
        except ValueError:
            errors[name] = _("Ngày không hợp lệ (ngày/tháng/năm).")
    errors = {**invalid_filters({k: v for k, v in filters.items() if k not in errors}), **errors}
    return filters, errors


def build_query(per_page: int = 10, page: int | None = None, filters=None) -> search.SearchQuery:
    """The query of the page's arguments, as the signed-in reader (rights taken afresh)."""
    if filters is None:
        filters, _errors = read_filters()
    raw_page = request.args.get("page", "1")
    return query_for(
        current_user,
        _CONTROL.sub(" ", request.args.get("q", "")[:2000]),
        filters,
        sort="date" if request.args.get("sort") == "date" else "relevance",
        page=page or (int(raw_page) if _digits(raw_page) and len(raw_page) < 6 else 1),
        per_page=per_page,
    )


def page_numbers(current: int, pages: int) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 20: the first, the last and two either side; None for a gap."""
    shown = {1, pages, *range(max(1, current - 2), min(pages, current + 2) + 1)}
    numbers: list[int | None] = []
    for n in sorted(p for p in shown if 1 <= p <= pages):
        if numbers and n - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(n)
    return numbers


@bp.get("/")
@login_required
def page():
    filters, errors = read_filters()
    query = build_query(filters=filters)
    asked = bool(request.args.get("q") or filters)
    results = run(query) if asked and not errors else None
    last_page = past_the_end(results, query) if results is not None else None
    pages = math.ceil(results.total / query.per_page) if results is not None else 0
    return render_template(
        "search/page.html",
        query=query,
        filters=filters,
        errors=errors,
        results=results,
        facets=reader_facets(results.facets) if results is not None else {},
        facet_names=facet_names(),
        facet_labels=facet_labels(),
        choices=choices(),
        last_page=last_page,
        past_end=past_the_end_message(query.page, last_page) if last_page else None,
        pages=pages,
        numbers=page_numbers(min(query.page, pages), pages) if pages > 1 else None,
        message=message(results.message) if results is not None else None,
        export_args=_own_args(),
        type_labels=type_labels(),
        unit_names=unit_names(),
    )


@bp.get("/suggest")
@login_required
def suggestions():
    """What the header's box offers as the reader types: JSON, only what the reader may see."""
    found = suggest(current_user, request.args.get("q", "")[:200])
    return jsonify(
        {
            "suggestions": [
                {
                    "title": s.title,
                    "type": s.type,
                    "label": s.label,
                    "url": s.url,
                    "unit": s.unit,
                }
                for s in found
            ]
        }
    )


def _own_args() -> dict[str, str]:
    """The page's own arguments, for links: any other name ("fmt", "_external") is dropped."""
    names = ("q", "sort", *DATE_FILTERS, *FILTERS)
    return {k: v for k, v in request.args.items() if k in names}


@bp.get("/export.<any(csv, xlsx):fmt>")
@login_required
def export(fmt: str):
    if not may_export(current_user):
        raise Denied(kind="search", action="export")
    filters, errors = read_filters()
    if errors:  # the page says which filter is wrong; a file would hide it
        return redirect(url_for("search.page", **_own_args()))
    results = run(build_query(per_page=search.base.MAX_PER_PAGE, page=1, filters=filters))
    if results.degraded:  # an empty file would read as "nothing found"
        flash(message(search.MESSAGE_DEGRADED), "warning")
        return redirect(url_for("search.page", **_own_args()))
    hits = list(results.hits)
    query = build_query(per_page=search.base.MAX_PER_PAGE, filters=filters)
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
        _("Số, ký hiệu"),
        _("Năm"),
        _("Đơn vị"),
        _("Trạng thái"),
        _("Ngày"),
        _("Đường dẫn"),
    ]
    labels = value_labels()  # words a reader (or the province) understands, not codes
    units = unit_names()
    symbols = _symbols(hits)
    rows = [
        [
            labels.get(h.type, h.type),
            h.title,
            symbols.get(h.key, ""),
            h.year or "",
            units.get(h.unit, h.unit) if h.unit else "",
            labels.get(h.status, h.status) if h.status else "",
            h.date,
            request.host_url.rstrip("/") + h.url,
        ]
        for h in hits
    ]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows([[_csv_cell(_dmy(v)) for v in row] for row in rows])
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
            elif isinstance(cell.value, date):  # a date the spreadsheet can sort, read dd/mm/yyyy
                cell.number_format = "DD/MM/YYYY"
    for letter, width in zip("ABCDEFGH", (14, 60, 18, 7, 30, 16, 12, 40), strict=True):
        sheet.column_dimensions[letter].width = width
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


def _dmy(value):
    """A date as Vietnamese papers write it: 05/03/2024."""
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else value


def _symbols(hits) -> dict[str, str]:
    """The full number and symbol of each hit ("36/KH-CĐBP"): a document's, a file's document's,
    or the decisions that award a nomination ("98/QĐ-CĐBP, 12/QĐ-CĐBP")."""
    from sqlalchemy import select

    from intranet.documents.models import Document, DocumentFile, Status
    from intranet.exemplars.models import AwardLine
    from intranet.extensions import db

    ids: dict[str, list[int]] = {}
    for hit in hits:
        kind, _sep, raw = hit.key.partition(":")
        if raw.isdigit():
            ids.setdefault(kind, []).append(int(raw))
    out: dict[str, str] = {}
    for i in range(0, len(ids.get("document", [])), 500):
        chunk = ids["document"][i : i + 500]
        for key, symbol in db.session.execute(
            select(Document.id, Document.symbol).where(Document.id.in_(chunk))
        ):
            out[f"document:{key}"] = symbol
    for i in range(0, len(ids.get("file", [])), 500):
        chunk = ids["file"][i : i + 500]
        for key, symbol in db.session.execute(
            select(DocumentFile.id, Document.symbol)
            .join(Document, DocumentFile.document_id == Document.id)
            .where(DocumentFile.id.in_(chunk))
        ):
            out[f"file:{key}"] = symbol
    for i in range(0, len(ids.get("exemplar", [])), 500):
        chunk = ids["exemplar"][i : i + 500]
        awarded: dict[int, list[str]] = {}
        for key, symbol in db.session.execute(
            select(AwardLine.exemplar_id, Document.symbol)
            .join(Document, AwardLine.document_id == Document.id)
            .where(
                AwardLine.exemplar_id.in_(chunk),
                Document.deleted_at.is_(None),
                Document.status.in_((Status.PUBLISHED, Status.SUPERSEDED)),
            )
            .order_by(Document.issued_on, Document.id)
        ):
            awarded.setdefault(key, []).append(symbol)
        out |= {f"exemplar:{k}": ", ".join(dict.fromkeys(v)) for k, v in awarded.items()}
    return out


def _download(data: bytes, name: str, content_type: str) -> Response:
    # content_type as given: a mimetype= would get a second "; charset=utf-8".
    response = Response(data, content_type=content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
