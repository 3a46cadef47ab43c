"""The one rule for a day typed on the pages (intranet.text.parse_date): day first, whatever the
language, or ISO; anything else refused (the forms and filters turn that into their message)."""

from datetime import date

import pytest

from intranet.text import format_day, parse_date

FEBRUARY_5 = date(2025, 2, 5)


DAY_FIRST = ["05/02/2025", "5/2/2025", "05-02-2025", "05.02.2025", " 05/02/2025 "]


@pytest.mark.parametrize("typed", [*DAY_FIRST, "2025-02-05", "2025-2-5"])
def test_day_first_or_iso_is_5_february(typed):
    assert parse_date(typed) == FEBRUARY_5


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_nothing_typed_is_no_day(typed):
    assert parse_date(typed) is None


@pytest.mark.parametrize(
    "typed",
    [
        "31/02/2025",  # no such day
        "29/02/2025",  # not a leap year
        "00/01/2025",
        "05/13/2025",
        "abc",
        "05/02-2025",  # mixed separators
        "2025/02/05",
        "05/02/25",  # two-digit year
        "05/02/1899",
        "05/02/2101",
        "05022025",
        "05/02/2025x",
    ],
)
def test_anything_else_is_refused(typed):
    with pytest.raises(ValueError):
        parse_date(typed)


def test_29_february_of_a_leap_year_and_the_round_trip():
    assert parse_date("29/02/2024") == date(2024, 2, 29)
    for day in (date(2025, 1, 1), FEBRUARY_5, date(2024, 12, 31)):
        assert format_day(day) == day.strftime("%d/%m/%Y")
        assert parse_date(format_day(day)) == day
    assert format_day(None) == ""
