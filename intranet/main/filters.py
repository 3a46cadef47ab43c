"""Jinja filters for Vietnamese dates: "21/04/2023" and "ngày 21 tháng 4 năm 2023"."""

import re
from datetime import date, datetime
from urllib.parse import urlencode

from flask import request, url_for
from flask_babel import force_locale, format_date, format_datetime, get_locale
from werkzeug.datastructures import iter_multi_items

from intranet.memo import per_request
from intranet.text import format_day


def short_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy in Vietnamese, the locale's short form otherwise."""
    if value is None:
        return ""
    if str(get_locale()) == "vi":
        return format_date(value, "dd/MM/yyyy")
    return format_date(value, "medium")


def decree_date(value: date | datetime) -> str:
    """The date as Nghị định 30/2020 (Phụ lục I) writes it: "ngày 02 tháng 4 năm 2025",
    "ngày 15 tháng 01 năm 2025": a day below 10 and the months 1 and 2 take a leading zero,
    the other months none. The one place this form is made, for pages and paper copies alike."""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def long_date(value: date | datetime | None) -> str:
    """The administrative date line: "ngày 21 tháng 4 năm 2023" (the locale's long form in
    another language)."""
    if value is None:
        return ""
    if str(get_locale()) == "vi":
        return decree_date(value)
    return format_date(value, "long")


def short_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    if str(get_locale()) == "vi":
        return format_datetime(value, "HH:mm dd/MM/yyyy")
    return format_datetime(value, "medium")


def paper_kind(code: str) -> str:
    """The kind of a document as its paper copy names it ("Kế hoạch"): the paper copy is always
    in Vietnamese, whatever the reader's language."""
    from intranet.documents import kinds  # the filters load before the areas

    with force_locale("vi"):
        return kinds.label(code)


def paper_date(value: date | datetime | None) -> str:
    """The date line of the paper copy: "ngày 21 tháng 4 năm 2023" in every language."""
    return decree_date(value) if value is not None else ""


# A line that starts a new item keeps its line break: "- ", "+ ", "1. ", "a) ", "II. ".
_ITEM = re.compile(r"^\s*(?:[-+•*–]\s|\d+(?:\.\d+)*[.)]\s|[a-zđ]\)\s|[IVXLC]+\.\s)")


def paragraphs(text: str | None) -> list[str]:
    """Text pasted from a PDF or a typed page, as paragraphs: blank lines separate them, and the
    hard line breaks inside a sentence are joined, so that the text flows at any width."""
    result = []
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip()):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        merged = lines[0]
        for line in lines[1:]:
            merged += ("\n" if _ITEM.match(line) else " ") + line
        result.append(merged)
    return result


def url_with(**changes) -> str:
    """The current page's URL with some query arguments changed (pagination, sorting)."""
    # Names url_for() reads itself ("endpoint", "_external", "_scheme", …) are never passed on.
    args = {k: v for k, v in request.args.items() if k != "endpoint" and not k.startswith("_")}
    args.update({k: v for k, v in changes.items() if v is not None})
    # The arguments encoded as url_for() encodes them, on the page's own path found once: a
    # search page links thirty facets and pages, and routing each costs more than the page's
    # query.
    query = urlencode(list(iter_multi_items(args)), safe="!$'()*,/:;?@")
    return _this_page() + ("?" + query if query else "")


@per_request
def _this_page() -> str:
    return url_for(request.endpoint, **(request.view_args or {}))


def day_input(value: date | str | None) -> str:
    """What a date box holds: a day as dd/mm/yyyy; text typed (to show back) as it is."""
    if isinstance(value, date):
        return format_day(value)
    return value or ""


def register(app) -> None:
    from intranet.forms import date_input_attrs

    app.add_template_global(date_input_attrs)
    app.add_template_filter(day_input)
    app.add_template_global(url_with)
    app.add_template_filter(short_date)
    app.add_template_filter(long_date)
    app.add_template_filter(short_datetime)
    app.add_template_filter(paper_kind)
    app.add_template_filter(paper_date)
    app.add_template_filter(decree_date)
    app.add_template_filter(paragraphs)
