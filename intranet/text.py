"""Vietnamese text helpers shared by every area: one place for NFC and folding."""

import re
import unicodedata
from datetime import date

_FOLD = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(value: str | None) -> str:
    """The NFC form of ``value`` with surrounding white space removed ('' for None)."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", value).strip()


def fold(value: str) -> str:
    """Lower case without diacritics: "Điển Hình" -> "dien hinh"."""
    decomposed = unicodedata.normalize("NFD", value.translate(_FOLD))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).lower()


# The forms a person types a day in: day/month/year with "/", "-" or "." (05/02/2025, 5/2/2025,
# 05-02-2025, 05.02.2025), or ISO (2025-02-05, what the browser and the API send).
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
FIRST_YEAR, LAST_YEAR = 1900, 2100


def parse_date(value: str | None) -> date | None:
    """The day typed in ``value``: dd/mm/yyyy (in every language) or ISO yyyy-mm-dd.

    None for an empty value; ValueError for anything else: a day that does not exist
    (31/02/2025), garbage, a year outside 1900–2100. The one rule of every date field and
    date filter of the pages (the JSON API keeps ISO)."""
    text = nfc(value)
    if not text:
        return None
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    elif match := _ISO_DAY.fullmatch(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        raise ValueError(f"not a date: {text[:40]!r}")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year out of range: {year}")
    return date(year, month, day)  # ValueError for 31/02


def format_day(value: date | None) -> str:
    """The day as a date field shows it: "05/02/2025" ('' for None)."""
    return value.strftime("%d/%m/%Y") if value is not None else ""
