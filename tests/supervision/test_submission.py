"""Submitting a unit's annual report: who may, the exemplar list frozen at submission, and the
single submission until the report is returned."""

import io
import re
from datetime import date, datetime

import pytest
from sqlalchemy import select

from intranet.extensions import db
from intranet.supervision.models import UnitReport
from tests.supervision.conftest import PDF, plain, post, rows_of, sample_bytes, unit_id


def submit_page(client, app, code="KCNTT", year=2025, summary="Báo cáo kết quả năm 2025.", **kw):
    """Submit through the reports page, with the version its form holds (a resubmission)."""
    form = client.get(f"/supervision/reports?year={year}").get_data(as_text=True)
    found = re.search(r'name="version" value="(\d+)"', form)
    if found:
        kw.setdefault("version", found.group(1))
    return post(
        client,
        f"/supervision/reports/{year}/{unit_id(app, code)}",
        {"summary": summary, **kw},
        follow_redirects=True,
    )


def report_id(app, code="KCNTT", year=2025) -> int:
    with app.app_context():
        return db.session.execute(
            select(UnitReport.id).filter_by(unit_id=unit_id(app, code), year=year)
        ).scalar_one()


def listed(client, report: int) -> list[str]:
    """The names in the report's exemplar list, in order."""
    page = client.get(f"/supervision/reports/view/{report}").get_data(as_text=True)
    table = page[page.index("<tbody>") : page.index("</tbody>")]
    return [name for name in re.findall(r"<tr><td>\d+</td><td>([^<]+)</td>", table)]


@pytest.fixture
def today(freeze):
    freeze(date(2025, 6, 20))


def test_the_unit_head_submits_the_report_of_the_unit(app, plan, today, sign_in):
    client = sign_in("unit_head")

    response = submit_page(client, app, summary="Khoa đã tổ chức 02 đợt tuyên truyền.")

    assert "Đã nộp báo cáo năm 2025 của Khoa Công nghệ thông tin." in plain(response)
    page = plain(client.get(f"/supervision/reports/view/{report_id(app)}"))
    assert "Khoa đã tổ chức 02 đợt tuyên truyền." in page
    assert "bởi truongkhoa" in page


@pytest.mark.parametrize("who", ["staff", "kkt_head", "secretariat"])
def test_only_the_head_of_that_unit_may_submit_its_report(app, plan, today, sign_in, who):
    response = post(
        sign_in(who),
        f"/supervision/reports/2025/{unit_id(app, 'KCNTT')}",
        {"summary": "Báo cáo thay cho Khoa."},
    )

    assert response.status_code == 403
    assert rows_of(app, UnitReport) == 0


def test_a_unit_head_sees_a_submit_form_only_for_the_own_unit(app, plan, today, sign_in):
    page = sign_in("unit_head").get("/supervision/reports?year=2025").get_data(as_text=True)

    assert f'action="/supervision/reports/2025/{unit_id(app, "KCNTT")}"' in page
    assert "Khoa Kinh tế" not in page


def test_the_secretariat_sees_every_unit_but_no_submit_form(app, plan, today, sign_in):
    page = sign_in("secretariat").get("/supervision/reports?year=2025").get_data(as_text=True)

    assert "Khoa Kinh tế" in page and "Khoa Công nghệ thông tin" in page
    assert "Nộp báo cáo</button>" not in page


def test_an_empty_report_is_refused(app, plan, today, sign_in):
    response = submit_page(sign_in("unit_head"), app, summary="   ")

    assert "Hãy nhập nội dung báo cáo hoặc đính kèm tệp báo cáo." in plain(response)
    assert rows_of(app, UnitReport) == 0


def test_a_report_for_a_year_not_yet_come_is_refused(app, plan, today, sign_in):
    response = submit_page(sign_in("unit_head"), app, year=2026)

    assert "Chưa thể nộp báo cáo cho năm 2026." in plain(response)
    assert rows_of(app, UnitReport) == 0


def test_a_report_file_is_kept_and_downloaded_as_sent(app, plan, today, sign_in):
    client = sign_in("unit_head")
    content = sample_bytes(PDF)

    post(
        client,
        f"/supervision/reports/2025/{unit_id(app, 'KCNTT')}",
        {"summary": "", "file": (io.BytesIO(content), "Báo cáo năm 2025.pdf")},
        content_type="multipart/form-data",
    )
    page = plain(client.get(f"/supervision/reports/view/{report_id(app)}"))
    download = client.get(f"/supervision/reports/view/{report_id(app)}/file")

    assert "Tải tệp báo cáo: Báo cáo năm 2025.pdf" in page
    assert download.status_code == 200
    assert download.data == content
    assert download.mimetype == "application/pdf"


def test_the_list_holds_the_units_exemplars_of_that_year_endorsed_and_beyond(
    app, plan, today, sign_in, make_exemplar
):
    make_exemplar("KCNTT", "Nguyễn Văn Đạt", stage="endorsed", year=2025)
    make_exemplar("KCNTT", "Lê Thị Hồng Nhung", stage="recognised", year=2025)
    make_exemplar("KCNTT", "Phạm Quang Vinh", stage="propagated", year=2025)
    make_exemplar("KCNTT", "Trần Đề Xuất", stage="submitted", year=2025)
    make_exemplar("KCNTT", "Võ Dự Thảo", stage="draft", year=2025)
    make_exemplar("KCNTT", "Đỗ Năm Trước", stage="recognised", year=2024)
    make_exemplar("KKT", "Hoàng Khoa Khác", stage="recognised", year=2025)
    client = sign_in("unit_head")

    submit_page(client, app)

    assert listed(client, report_id(app)) == [
        "Lê Thị Hồng Nhung",
        "Nguyễn Văn Đạt",
        "Phạm Quang Vinh",
    ]


def test_before_submission_the_page_shows_the_list_that_will_be_frozen(
    app, plan, today, sign_in, make_exemplar
):
    make_exemplar("KCNTT", "Lê Thị Hồng Nhung", stage="recognised", year=2025)
    make_exemplar("KCNTT", "Trần Đề Xuất", stage="submitted", year=2025)

    page = plain(sign_in("unit_head").get("/supervision/reports?year=2025"))

    assert "chốt khi nộp (1 hồ sơ đã được đơn vị xác nhận trở lên)" in page
    assert "Lê Thị Hồng Nhung —" in page
    assert "Trần Đề Xuất" not in page


def test_a_unit_without_exemplars_is_warned_before_submitting(app, plan, today, sign_in):
    page = plain(sign_in("unit_head").get("/supervision/reports?year=2025"))

    assert "Chưa có điển hình nào: kế hoạch yêu cầu ít nhất 01 điển hình mỗi năm." in page


def test_an_exemplar_recognised_after_the_submission_is_not_in_the_report(
    app, plan, today, sign_in, make_exemplar
):
    make_exemplar("KCNTT", "Lê Thị Hồng Nhung", stage="recognised", year=2025)
    client = sign_in("unit_head")
    submit_page(client, app)

    make_exemplar("KCNTT", "Người Công Nhận Sau", stage="recognised", year=2025)

    assert listed(client, report_id(app)) == ["Lê Thị Hồng Nhung"]


def test_a_second_submission_is_refused_while_the_report_stands(app, plan, today, sign_in):
    client = sign_in("unit_head")
    submit_page(client, app, summary="Bản thứ nhất.")

    response = submit_page(client, app, summary="Bản thứ hai.")

    assert "Đơn vị đã nộp báo cáo năm 2025." in plain(response)
    page = plain(client.get(f"/supervision/reports/view/{report_id(app)}"))
    assert "Bản thứ nhất." in page and "Bản thứ hai." not in page


def test_the_submit_form_is_gone_once_the_report_is_submitted(app, plan, today, sign_in):
    client = sign_in("unit_head")
    submit_page(client, app)

    page = client.get("/supervision/reports?year=2025").get_data(as_text=True)

    assert "Nộp báo cáo</button>" not in page


def test_after_a_return_the_head_submits_again_with_the_list_frozen_anew(
    app, plan, today, sign_in, make_exemplar, return_report
):
    make_exemplar("KCNTT", "Lê Thị Hồng Nhung", stage="recognised", year=2025)
    client = sign_in("unit_head")
    submit_page(client, app, summary="Bản thứ nhất.")
    return_report(report_id(app), "Bổ sung điển hình mới công nhận.")
    make_exemplar("KCNTT", "Người Công Nhận Sau", stage="recognised", year=2025)

    response = submit_page(client, app, summary="Bản đã sửa.")

    assert "Đã nộp báo cáo năm 2025" in plain(response)
    assert "Bản đã sửa." in plain(client.get(f"/supervision/reports/view/{report_id(app)}"))
    assert listed(client, report_id(app)) == ["Lê Thị Hồng Nhung", "Người Công Nhận Sau"]


def test_the_reports_page_shows_each_units_status(app, plan, freeze, submit, sign_in):
    submit("KCNTT", 2025, at=datetime(2025, 6, 20, 2, 0))
    submit("KKT", 2025, at=datetime(2025, 7, 3, 2, 0))
    freeze(date(2025, 7, 10))

    page = plain(sign_in("secretariat").get("/supervision/reports?year=2025"))

    assert "Khoa Công nghệ thông tin Nộp đúng hạn" in page
    assert "Khoa Kinh tế Nộp muộn 3 ngày" in page
    assert "Ban Giám hiệu Chưa nộp, quá hạn" in page


def test_the_report_page_shows_its_status_and_who_submitted(app, plan, freeze, submit, sign_in):
    report = submit("KKT", 2025, at=datetime(2025, 7, 3, 2, 0))
    freeze(date(2025, 7, 10))

    page = plain(sign_in("leader").get(f"/supervision/reports/view/{report}"))

    assert "Báo cáo năm 2025 – Khoa Kinh tế" in page
    assert "Nộp muộn 3 ngày" in page
    assert "Nộp lúc 09:00 03/07/2025 bởi Trần Văn Kinh." in page


def test_the_head_of_another_unit_cannot_open_the_report(app, plan, today, submit, sign_in):
    report = submit("KCNTT", 2025)

    assert sign_in("kkt_head").get(f"/supervision/reports/view/{report}").status_code == 404


def test_staff_of_another_unit_cannot_open_the_report(app, plan, today, submit, sign_in):
    report = submit("KCNTT", 2025)

    assert sign_in("other_staff").get(f"/supervision/reports/view/{report}").status_code == 404


def test_staff_of_the_unit_do_not_see_its_report_on_the_reports_page(
    app, plan, today, submit, sign_in
):
    report = submit("KCNTT", 2025, summary="Khoa đã hoàn thành kế hoạch.")
    client = sign_in("staff")

    listing = client.get("/supervision/reports?year=2025")

    assert f'href="/supervision/reports/view/{report}"' not in listing.get_data(as_text=True)
    assert "Không có đơn vị nào để hiển thị." in plain(listing)
    assert client.get(f"/supervision/reports/view/{report}").status_code == 404


def test_the_unit_head_opens_the_report_from_the_reports_page(app, plan, today, submit, sign_in):
    report = submit("KCNTT", 2025, summary="Khoa đã hoàn thành kế hoạch.")
    client = sign_in("unit_head")

    listing = client.get("/supervision/reports?year=2025").get_data(as_text=True)
    page = client.get(f"/supervision/reports/view/{report}")

    assert f'href="/supervision/reports/view/{report}"' in listing
    assert page.status_code == 200
    assert "Khoa đã hoàn thành kế hoạch." in plain(page)
    assert "Trả lại để sửa</button>" not in page.get_data(as_text=True)
