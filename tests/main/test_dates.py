"""Dates as Nghị định 30/2020 writes them: "ngày 02 tháng 4 năm 2025", "ngày 15 tháng 01 năm
2025" (a day below 10 and the months 1 and 2 with a zero), on pages and paper copies alike;
dd/mm/yyyy everywhere else."""

import calendar
from datetime import date, datetime

import pytest
from flask_babel import force_locale

from intranet.accounts.models import User
from intranet.extensions import db
from intranet.main.filters import decree_date, long_date, paper_date, short_date
from tests import factories
from tests.conftest import signed_in


def expected(value: date) -> str:
    """Written out by hand from the decree's rule, independently of the filter."""
    day = ("0" + str(value.day)) if value.day < 10 else str(value.day)
    month = ("0" + str(value.month)) if value.month in (1, 2) else str(value.month)
    return f"ngày {day} tháng {month} năm {value.year}"


@pytest.mark.parametrize("month", range(1, 13))
def test_every_day_of_every_month_as_the_decree_writes_it(month):
    for day in range(1, calendar.monthrange(2024, month)[1] + 1):  # 2024: 29 February too
        value = date(2024, month, day)
        assert decree_date(value) == expected(value)
        assert decree_date(datetime(2024, month, day, 23, 59)) == expected(value)


def test_every_day_on_pages_and_paper_copies_and_the_short_form(app):
    """The filters the templates use, for every day 1–31 of every month 1–12."""
    with app.test_request_context(), force_locale("vi"):
        for month in range(1, 13):
            for day in range(1, calendar.monthrange(2024, month)[1] + 1):
                value = date(2024, month, day)
                assert long_date(value) == expected(value)
                assert paper_date(value) == expected(value)
                assert short_date(value) == f"{day:02d}/{month:02d}/2024"


def test_the_examples_of_the_decree(app):
    with app.test_request_context(), force_locale("vi"):
        assert long_date(date(2025, 4, 2)) == "ngày 02 tháng 4 năm 2025"
        assert long_date(date(2025, 1, 15)) == "ngày 15 tháng 01 năm 2025"
        assert long_date(date(2025, 2, 5)) == "ngày 05 tháng 02 năm 2025"
        assert long_date(date(2025, 3, 9)) == "ngày 09 tháng 3 năm 2025"
        assert long_date(date(2025, 10, 10)) == "ngày 10 tháng 10 năm 2025"
        assert long_date(date(2025, 12, 31)) == "ngày 31 tháng 12 năm 2025"
        assert long_date(datetime(2025, 4, 2, 23, 59)) == "ngày 02 tháng 4 năm 2025"
        assert long_date(None) == paper_date(None) == short_date(None) == ""


def test_the_paper_date_is_vietnamese_in_every_language(app):
    with app.test_request_context(), force_locale("en"):
        assert paper_date(date(2025, 4, 2)) == "ngày 02 tháng 4 năm 2025"
        assert long_date(date(2025, 4, 2)) != "ngày 02 tháng 4 năm 2025"  # the reader's language


@pytest.mark.parametrize(
    ("issued_on", "line", "short"),
    [
        (date(2025, 4, 2), "ngày 02 tháng 4 năm 2025", "02/04/2025"),
        (date(2025, 1, 15), "ngày 15 tháng 01 năm 2025", "15/01/2025"),
        (date(2025, 11, 30), "ngày 30 tháng 11 năm 2025", "30/11/2025"),
    ],
)
def test_the_web_copy_of_a_document_writes_its_date_as_the_decree(
    app, users, issued_on, line, short
):
    with app.app_context():
        author = db.session.get(User, users["secretariat"])
        document_id = factories.document(
            author, "36/KH-CĐBP", issued_on=issued_on, issued_place="Bình Phước", publish=True
        ).id
    page = signed_in(app, "thuongtruc").get(f"/documents/{document_id}").get_data(as_text=True)
    assert f"Bình Phước, {line}" in page
    listing = signed_in(app, "thuongtruc").get("/documents/").get_data(as_text=True)
    assert short in listing


@pytest.mark.parametrize(
    ("stored", "day"),
    [
        (datetime(2022, 2, 28, 16, 59), date(2022, 2, 28)),  # 23:59 in Việt Nam
        (datetime(2022, 2, 28, 17, 0), date(2022, 3, 1)),  # midnight in Việt Nam
        (datetime(2024, 12, 31, 23, 30), date(2025, 1, 1)),
    ],
)
def test_a_stored_moment_is_dated_by_the_day_in_viet_nam(stored, day):
    """Records made after 17:00 UTC belong to the next day in Việt Nam: the search index and its
    export dated them the day before (CI met it in a run that crossed midnight, Việt Nam time)."""
    from intranet import clock

    assert clock.local_date(stored) == day
