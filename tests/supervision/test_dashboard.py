"""The compliance dashboard: units × years, exemplars recognised or propagated against the plan's
target, report states and totals, counted from the records themselves."""

import html
import re
from datetime import date, datetime

import pytest

from tests.supervision.conftest import DASHBOARD_ROW, board, plain, totals

ALL_UNITS = {
    "Ban Giám hiệu",
    "Phòng Hành chính – Tổ chức",
    "Khoa Công nghệ thông tin",
    "Khoa Kinh tế",
    "Hội đồng Thi đua – Khen thưởng",
}


@pytest.fixture
def records(plan, freeze, make_exemplar, submit):
    """2024: KCNTT has 2 counted exemplars (one propagated), KKT only an endorsed one.
    2025: KCNTT has 1 recognised, reported on time; KKT reported 3 days late."""
    make_exemplar("KCNTT", "Lê Thị Hồng Nhung", stage="recognised", year=2024)
    make_exemplar("KCNTT", "Phạm Quang Vinh", stage="propagated", year=2024)
    make_exemplar("KCNTT", "Trần Đề Xuất", stage="submitted", year=2024)
    make_exemplar("KCNTT", "Võ Dự Thảo", stage="draft", year=2024)
    make_exemplar("KKT", "Nguyễn Văn Đạt", stage="endorsed", year=2024)
    make_exemplar("KCNTT", "Đặng Minh Khoa", stage="recognised", year=2025)
    submit("KCNTT", 2024, at=datetime(2024, 6, 28, 2, 0))
    submit("KCNTT", 2025, at=datetime(2025, 6, 20, 2, 0))
    submit("KKT", 2025, at=datetime(2025, 7, 3, 2, 0))
    freeze(date(2025, 7, 10))


def test_the_dashboard_covers_the_plans_years_up_to_this_year(records, sign_in):
    cells = board(sign_in("leader"))["Khoa Công nghệ thông tin"]

    assert list(cells) == [2023, 2024, 2025]


def test_a_cell_counts_the_units_recognised_and_propagated_exemplars_of_the_year(records, sign_in):
    cells = board(sign_in("leader"))["Khoa Công nghệ thông tin"]

    assert {year: cell["count"] for year, cell in cells.items()} == {2023: 0, 2024: 2, 2025: 1}


def test_endorsed_nominations_are_not_yet_counted(records, sign_in):
    cell = board(sign_in("leader"))["Khoa Kinh tế"][2024]

    assert cell["count"] == 0


def test_a_cell_meeting_the_target_is_marked_met(records, sign_in):
    cell = board(sign_in("leader"))["Khoa Công nghệ thông tin"][2024]

    assert (cell["count"], cell["target"], cell["mark"]) == (2, 1, "met")


def test_a_cell_below_the_target_is_marked_missed(records, sign_in):
    cell = board(sign_in("leader"))["Khoa Kinh tế"][2024]

    assert (cell["count"], cell["target"], cell["mark"]) == (0, 1, "missed")


def test_the_page_reads_met_or_missed_to_screen_readers(records, sign_in):
    page = plain(sign_in("leader").get("/supervision/"))

    assert "2 /1 điển hình, đạt" in page
    assert "0 /1 điển hình, chưa đạt" in page


def test_the_target_comes_from_the_plan(make_plan, freeze, make_exemplar, sign_in):
    make_plan(target=2)
    make_exemplar("KCNTT", "Lê Thị Hồng Nhung", stage="recognised", year=2024)
    freeze(date(2025, 7, 10))

    cell = board(sign_in("leader"))["Khoa Công nghệ thông tin"][2024]

    assert (cell["count"], cell["target"], cell["mark"]) == (1, 2, "missed")


def test_without_a_target_in_the_plan_no_cell_is_met_or_missed(
    make_plan, freeze, make_exemplar, sign_in
):
    make_plan(target=None)
    make_exemplar("KCNTT", "Lê Thị Hồng Nhung", stage="recognised", year=2024)
    freeze(date(2025, 7, 10))

    cell = board(sign_in("leader"))["Khoa Công nghệ thông tin"][2024]

    assert (cell["count"], cell["target"], cell["mark"]) == (1, None, "")


def test_an_exemplar_recognised_by_a_published_decision_is_counted(
    plan, freeze, make_exemplar, decide, sign_in
):
    endorsed = make_exemplar("KKT", "Nguyễn Văn Đạt", stage="endorsed", year=2024)
    freeze(date(2025, 7, 10))
    client = sign_in("leader")
    before = board(client)["Khoa Kinh tế"][2024]

    decide([endorsed])

    after = board(client)["Khoa Kinh tế"][2024]
    assert (before["count"], before["mark"]) == (0, "missed")
    assert (after["count"], after["mark"]) == (1, "met")


def test_the_cells_show_the_report_states(records, sign_in):
    rows = board(sign_in("leader"))

    assert rows["Khoa Công nghệ thông tin"][2024]["state"] == "Nộp đúng hạn"
    assert rows["Khoa Công nghệ thông tin"][2025]["state"] == "Nộp đúng hạn"
    assert rows["Khoa Kinh tế"][2025]["state"] == "Nộp muộn 3 ngày"
    assert rows["Khoa Kinh tế"][2024]["state"] == "Chưa nộp, quá hạn"
    assert rows["Ban Giám hiệu"][2025]["state"] == "Chưa nộp, quá hạn"


def test_before_the_deadline_the_cells_show_the_days_left(plan, freeze, sign_in):
    freeze(date(2025, 6, 20))

    cell = board(sign_in("leader"))["Khoa Kinh tế"][2025]

    assert cell["state"] == "Sắp đến hạn (còn 10 ngày)"


def test_the_totals_add_up_the_exemplars_and_the_units_that_met_the_target(records, sign_in):
    foot = totals(sign_in("leader"))

    assert foot.startswith("Toàn trường")
    assert "0 điển hình 0/5 đơn vị đạt" in foot  # 2023
    assert "2 điển hình 1/5 đơn vị đạt" in foot  # 2024
    assert "1 điển hình 1/5 đơn vị đạt" in foot  # 2025


def test_the_chart_shows_the_units_that_met_the_target_each_year(records, sign_in):
    page = sign_in("leader").get("/supervision/").get_data(as_text=True)
    figure = page[page.index('<figure class="chart-figure') : page.index("</figure>")]

    labels = re.findall(r'class="chart-label">([^<]+)</text>', figure)
    assert labels == ["0/5", "2023", "1/5", "2024", "1/5", "2025"]
    assert "<script" not in figure  # drawn on the server, nothing fetched from a CDN


def test_the_dashboard_states_the_plans_target_and_deadline_and_today(records, sign_in):
    page = plain(sign_in("leader").get("/supervision/"))

    assert (
        "Mỗi năm, mỗi đơn vị có ít nhất 1 điển hình tiên tiến được công nhận; "
        "báo cáo trước hạn 30/06/2025. Hôm nay: 10/07/2025." in page
    )


@pytest.mark.parametrize("who", ["secretariat", "inspector", "leader"])
def test_supervisors_see_every_unit(records, sign_in, who):
    assert set(board(sign_in(who))) == ALL_UNITS


@pytest.mark.parametrize(
    "who, unit",
    [
        ("staff", "Khoa Công nghệ thông tin"),
        ("unit_head", "Khoa Công nghệ thông tin"),
        ("other_staff", "Khoa Kinh tế"),
    ],
)
def test_staff_and_unit_heads_see_only_their_own_units_row(records, sign_in, who, unit):
    client = sign_in(who)

    assert list(board(client)) == [unit]
    assert totals(client) == ""


def test_the_own_row_of_a_unit_head_has_the_same_figures_as_the_supervisors_see(records, sign_in):
    own = board(sign_in("unit_head"))["Khoa Công nghệ thông tin"]

    assert own == board(sign_in("leader"))["Khoa Công nghệ thông tin"]


def test_a_cell_opens_the_units_records_of_that_year(records, sign_in):
    client = sign_in("leader")
    href = board(client)["Khoa Công nghệ thông tin"][2024]["href"]

    page = client.get(href).get_data(as_text=True)

    names = set(re.findall(r'href="/exemplars/\d+">\s*<div[^>]*>\s*<strong>([^<]+)</strong>', page))
    assert names == {"Lê Thị Hồng Nhung", "Phạm Quang Vinh", "Trần Đề Xuất", "Võ Dự Thảo"}


def test_the_unit_name_opens_all_the_units_records(records, sign_in):
    client = sign_in("leader")
    page = client.get("/supervision/").get_data(as_text=True)
    href = next(
        h for h, name, _ in DASHBOARD_ROW.findall(page) if html.unescape(name) == "Khoa Kinh tế"
    )

    listing = client.get(html.unescape(href)).get_data(as_text=True)

    names = set(
        re.findall(r'href="/exemplars/\d+">\s*<div[^>]*>\s*<strong>([^<]+)</strong>', listing)
    )
    assert names == {"Nguyễn Văn Đạt"}
