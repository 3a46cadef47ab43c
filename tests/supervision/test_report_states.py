"""The state of a unit's annual report around the plan's deadline, with the clock frozen.

The deadline is the plan task's "30/6 every year"; the moment of submission is stored in UTC and
judged by its date in Việt Nam (UTC+7).
"""

import re
from datetime import date, datetime

from tests.supervision.conftest import plain, post, unit_id


def page_version(response) -> str:
    """The version a page's form sends back with the change (its hidden field)."""
    return re.search(r'name="version" value="(\d+)"', response.get_data(as_text=True)).group(1)


def badge(client, year: int, unit_name: str) -> str:
    """The state shown beside the unit on the reports page of ``year``."""
    page = client.get(f"/supervision/reports?year={year}").get_data(as_text=True)
    match = re.search(
        rf">{re.escape(unit_name)}</h2>\s*<span class=\"badge[^\"]*\">([^<]*)</span>", page
    )
    assert match, f"{unit_name} is not on the reports page of {year}"
    return re.sub(r"\s+", " ", match.group(1)).strip()


KCNTT = "Khoa Công nghệ thông tin"


def test_more_than_30_days_before_the_deadline_the_report_is_not_yet_due(plan, freeze, sign_in):
    freeze(date(2025, 5, 30))

    assert badge(sign_in("unit_head"), 2025, KCNTT) == "Chưa đến hạn (còn 31 ngày)"


def test_30_days_before_the_deadline_the_report_is_due_soon_with_the_days_left(
    plan, freeze, sign_in
):
    freeze(date(2025, 5, 31))

    assert badge(sign_in("unit_head"), 2025, KCNTT) == "Sắp đến hạn (còn 30 ngày)"


def test_on_the_deadline_day_an_unsent_report_is_still_due(plan, freeze, sign_in):
    freeze(date(2025, 6, 30))

    assert badge(sign_in("unit_head"), 2025, KCNTT) == "Sắp đến hạn (còn 0 ngày)"


def test_the_page_states_the_deadline_taken_from_the_plan(plan, freeze, sign_in):
    freeze(date(2025, 6, 1))

    page = plain(sign_in("unit_head").get("/supervision/reports?year=2025"))

    assert "Hạn nộp theo kế hoạch: trước ngày 30 tháng 6 năm 2025." in page


def test_a_report_submitted_on_the_deadline_day_is_on_time(plan, freeze, submit, sign_in):
    submit("KCNTT", 2025, at=datetime(2025, 6, 30, 9, 0))  # 16:00 in Việt Nam
    freeze(date(2025, 7, 10))

    assert badge(sign_in("unit_head"), 2025, KCNTT) == "Nộp đúng hạn"


def test_a_report_sent_at_2330_utc_on_29_6_counts_as_30_6_in_viet_nam(
    plan, freeze, submit, sign_in
):
    submit("KCNTT", 2025, at=datetime(2025, 6, 29, 23, 30))
    freeze(date(2025, 7, 10))
    client = sign_in("unit_head")

    assert badge(client, 2025, KCNTT) == "Nộp đúng hạn"
    assert "Nộp lúc 06:30 30/06/2025" in plain(client.get("/supervision/reports?year=2025"))


def test_a_report_sent_at_1730_utc_on_30_6_is_already_1_7_in_viet_nam_and_late(
    plan, freeze, submit, sign_in
):
    submit("KCNTT", 2025, at=datetime(2025, 6, 30, 17, 30))
    freeze(date(2025, 7, 10))

    assert badge(sign_in("unit_head"), 2025, KCNTT) == "Nộp muộn 1 ngày"


def test_a_report_submitted_after_the_deadline_is_late_by_its_days(plan, freeze, submit, sign_in):
    submit("KCNTT", 2025, at=datetime(2025, 7, 5, 3, 0))
    freeze(date(2025, 7, 10))

    assert badge(sign_in("unit_head"), 2025, KCNTT) == "Nộp muộn 5 ngày"


def test_after_the_deadline_with_no_report_it_is_missing(plan, freeze, sign_in):
    freeze(date(2025, 7, 1))

    assert badge(sign_in("unit_head"), 2025, KCNTT) == "Chưa nộp, quá hạn"


def test_a_report_submitted_through_the_page_on_a_frozen_day_before_the_deadline_is_on_time(
    app, plan, freeze, sign_in
):
    freeze(date(2025, 6, 20))
    client = sign_in("unit_head")

    response = post(
        client,
        f"/supervision/reports/2025/{unit_id(app, 'KCNTT')}",
        {"summary": "Khoa đã triển khai đầy đủ kế hoạch."},
        follow_redirects=True,
    )

    assert "Đã nộp báo cáo năm 2025 của Khoa Công nghệ thông tin." in plain(response)
    assert badge(client, 2025, KCNTT) == "Nộp đúng hạn"
    assert "Nộp lúc" in plain(response) and "20/06/2025" in plain(response)


def test_a_returned_report_shows_returned_with_the_note(
    plan, freeze, submit, return_report, sign_in
):
    report = submit("KCNTT", 2025, at=datetime(2025, 6, 20, 2, 0))
    return_report(report, "Bổ sung số liệu về phong trào thi đua.")
    freeze(date(2025, 6, 25))
    client = sign_in("unit_head")

    assert badge(client, 2025, KCNTT) == "Trả lại để sửa"
    page = plain(client.get("/supervision/reports?year=2025"))
    assert "Trả lại để sửa: Bổ sung số liệu về phong trào thi đua." in page


def test_the_secretariat_returns_a_report_through_its_page_with_a_note(
    plan, freeze, submit, sign_in
):
    report = submit("KCNTT", 2025, at=datetime(2025, 6, 20, 2, 0))
    freeze(date(2025, 6, 25))
    client = sign_in("secretariat")
    version = page_version(client.get(f"/supervision/reports/view/{report}"))

    response = post(
        client,
        f"/supervision/reports/view/{report}/return",
        {"note": "Thiếu danh sách điển hình.", "version": version},
        follow_redirects=True,
    )

    assert "Đã trả lại báo cáo để đơn vị sửa." in plain(response)
    assert "Trả lại để sửa" in plain(response)
    assert "Trả lại để sửa: Thiếu danh sách điển hình." in plain(
        sign_in("unit_head").get("/supervision/reports?year=2025")
    )


def test_a_return_without_a_note_is_refused(plan, freeze, submit, sign_in):
    report = submit("KCNTT", 2025, at=datetime(2025, 6, 20, 2, 0))
    freeze(date(2025, 6, 25))

    response = post(
        sign_in("secretariat"),
        f"/supervision/reports/view/{report}/return",
        {"note": "  "},
        follow_redirects=True,
    )

    assert "Hãy ghi nội dung cần sửa." in plain(response)
    assert badge(sign_in("unit_head"), 2025, KCNTT) == "Nộp đúng hạn"


def test_the_unit_head_may_not_return_a_report(app, plan, freeze, submit, sign_in):
    report = submit("KCNTT", 2025, at=datetime(2025, 6, 20, 2, 0))
    freeze(date(2025, 6, 25))

    response = post(
        sign_in("unit_head"), f"/supervision/reports/view/{report}/return", {"note": "x"}
    )

    assert response.status_code == 403


def version_shown(client, year: int) -> str:
    """The version of the returned report that its form on the reports page carries."""
    page = client.get(f"/supervision/reports?year={year}").get_data(as_text=True)
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def test_a_returned_report_resubmitted_before_the_deadline_is_on_time(
    app, plan, freeze, submit, return_report, sign_in
):
    report = submit("KCNTT", 2025, at=datetime(2025, 6, 10, 2, 0))
    freeze(date(2025, 6, 12))
    return_report(report)
    freeze(date(2025, 6, 28))
    client = sign_in("unit_head")

    post(
        client,
        f"/supervision/reports/2025/{unit_id(app, 'KCNTT')}",
        {"summary": "Báo cáo đã bổ sung số liệu.", "version": version_shown(client, 2025)},
    )

    assert badge(client, 2025, KCNTT) == "Nộp đúng hạn"
    assert "Trả lại để sửa:" not in plain(client.get("/supervision/reports?year=2025"))


def test_a_returned_report_resubmitted_after_the_deadline_is_late(
    app, plan, freeze, submit, return_report, sign_in
):
    report = submit("KCNTT", 2025, at=datetime(2025, 6, 25, 2, 0))
    freeze(date(2025, 6, 29))
    return_report(report)
    freeze(date(2025, 7, 3))
    client = sign_in("unit_head")

    post(
        client,
        f"/supervision/reports/2025/{unit_id(app, 'KCNTT')}",
        {"summary": "Báo cáo đã bổ sung số liệu.", "version": version_shown(client, 2025)},
    )

    assert badge(client, 2025, KCNTT) == "Nộp muộn 3 ngày"


def test_without_a_plan_there_is_no_deadline(freeze, sign_in):
    freeze(date(2025, 7, 10))
    client = sign_in("unit_head")

    page = plain(client.get("/supervision/reports?year=2025"))

    assert "Kế hoạch chưa quy định hạn nộp cho năm này." in page
    assert badge(client, 2025, KCNTT) == "Chưa có hạn"


def test_a_draft_plan_sets_no_deadline(make_plan, freeze, sign_in):
    make_plan(published=False)
    freeze(date(2025, 7, 10))

    assert badge(sign_in("unit_head"), 2025, KCNTT) == "Chưa có hạn"


def test_a_plan_for_other_years_sets_no_deadline_this_year(make_plan, freeze, sign_in):
    make_plan(period=(2021, 2023))
    freeze(date(2025, 7, 10))

    assert badge(sign_in("unit_head"), 2025, KCNTT) == "Chưa có hạn"


def test_a_new_plan_with_deadline_15_7_moves_the_deadline(plan, make_plan, freeze, sign_in):
    make_plan(40, issued_on=date(2025, 1, 10), period=(2025, 2026), deadline=(15, 7))
    freeze(date(2025, 7, 10))
    client = sign_in("unit_head")

    page = plain(client.get("/supervision/reports?year=2025"))

    assert "Hạn nộp theo kế hoạch: trước ngày 15 tháng 7 năm 2025." in page
    assert badge(client, 2025, KCNTT) == "Sắp đến hạn (còn 5 ngày)"


def test_the_new_plan_leaves_the_deadline_of_the_years_before_it(plan, make_plan, freeze, sign_in):
    make_plan(40, issued_on=date(2025, 1, 10), period=(2025, 2026), deadline=(15, 7))
    freeze(date(2025, 7, 10))

    page = plain(sign_in("unit_head").get("/supervision/reports?year=2024"))

    assert "Hạn nộp theo kế hoạch: trước ngày 30 tháng 6 năm 2024." in page


def test_a_report_sent_on_5_7_is_on_time_under_the_15_7_deadline(
    plan, make_plan, freeze, submit, sign_in
):
    make_plan(40, issued_on=date(2025, 1, 10), period=(2025, 2026), deadline=(15, 7))
    submit("KCNTT", 2025, at=datetime(2025, 7, 5, 3, 0))
    freeze(date(2025, 7, 20))

    assert badge(sign_in("unit_head"), 2025, KCNTT) == "Nộp đúng hạn"
