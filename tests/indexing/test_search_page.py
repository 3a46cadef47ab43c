"""The search page as a reader uses it: unit names, facets that each mean one thing, filter fields
that keep their values, numbered pages, a page past the end and a wrong filter said plainly (page
and API), newest by the record's own date, the header's box and its suggestions (only what the
reader may see), and exports an inspector can hand on (dd/mm/yyyy, the full number, unit names)."""

import csv
import io
import re
from datetime import date, datetime

import lxml.html
import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from tests.indexing.conftest import run_worker, search_page

WORD = "zirconi"  # in every record of the archive below, and nowhere else


@pytest.fixture
def archive(app, make_document, make_nomination):
    """12 notices of HCTC (issued 1–12/3/2023), one plan of KKT for KKT only, and a nomination
    of canbo (KCNTT) made on 1/3/2022 and edited on 1/6/2025, with evidence dated 20/5/2024."""
    for n in range(1, 13):
        make_document(
            f"{n:02d}/TB-CĐBP",
            publish=True,
            issued_on=date(2023, 3, n),
            summary=f"Thông báo {WORD} đợt {n}",
        )
    make_document(
        "05/KH-KKT",
        unit="KKT",
        units=["KKT"],
        publish=True,
        issued_on=date(2023, 2, 1),
        summary=f"Kế hoạch {WORD} riêng của Khoa Kinh tế",
    )
    app.config["TODAY"] = date(2022, 3, 1)
    exemplar_id, _ = make_nomination(
        "staff",
        name="Nguyễn Thị Lan",
        year=2021,
        achievement=f"Sáng kiến {WORD} trong giảng dạy",
        evidence=[("bang-khen.txt", f"Bằng khen {WORD}".encode())],
    )
    with app.app_context():  # edited long after it was made: its own date stays 1/3/2022
        db.session.execute(
            update(Exemplar)
            .where(Exemplar.id == exemplar_id)
            .values(updated_at=datetime(2025, 6, 1, 8, 0))
        )
        db.session.commit()
    app.config.pop("TODAY")
    run_worker(app)
    return {"exemplar": exemplar_id}


def _html(client, **args):
    response = client.get("/search/", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True), lxml.html.fromstring(response.get_data(as_text=True))


def test_units_are_named_and_each_facet_means_one_thing(archive, login_as):
    page = search_page(login_as("inspector"), WORD)
    assert page.total == 15  # 12 notices, the plan, the nomination and its evidence
    assert page.facets["Đơn vị"] == {
        "Phòng Hành chính – Tổ chức": 12,
        "Khoa Công nghệ thông tin": 2,
        "Khoa Kinh tế": 1,
    }
    tree = lxml.html.fromstring(page.html)
    shown = tree.xpath("//aside")[0].text_content() + tree.xpath("//section")[0].text_content()
    assert "HCTC" not in shown.replace("/TB-CĐBP", "") and "KCNTT" not in shown
    assert page.facets["Loại văn bản"] == {"Thông báo": 12, "Kế hoạch": 1}
    assert page.facets["Cá nhân / tập thể"] == {"Cá nhân": 1}
    card = page.html[page.html.index("<article") :]
    assert "Phòng Hành chính – Tổ chức" in card
    # Cá nhân / tập thể is a filter of its own: only the nomination.
    page = search_page(login_as("inspector"), WORD, subject="individual")
    assert page.total == 1 and page.titles == ["Nguyễn Thị Lan"]
    # A document kind and "cá nhân" together: nothing is both.
    assert search_page(login_as("inspector"), WORD, subject="individual", kind="TB").total == 0


def test_the_api_names_units_and_splits_the_facets(archive, login_as):
    body = login_as("inspector").get("/api/v1/search", query_string={"q": WORD}).get_json()
    units = {f["value"]: f["label"] for f in body["facets"]["unit"]}
    assert units["HCTC"] == "Phòng Hành chính – Tổ chức" and units["KKT"] == "Khoa Kinh tế"
    assert {f["value"] for f in body["facets"]["kind"]} == {"TB", "KH"}
    assert [(f["value"], f["label"]) for f in body["facets"]["subject"]] == [
        ("individual", "Cá nhân")
    ]
    assert {h["unit_name"] for h in body["hits"]} >= {"Phòng Hành chính – Tổ chức"}


def test_filter_fields_keep_their_values(archive, login_as):
    html, tree = _html(
        login_as("inspector"),
        q=WORD,
        kind="TB",
        unit="HCTC",
        year="2023",
        status="published",
        date_from="2023-03-02",
        date_to="2023-03-11",
        sort="date",
    )
    form = tree.xpath('//main//form[@role="search"]')[0]

    def selected(name):
        return form.xpath(f'.//select[@name="{name}"]/option[@selected]/@value')

    assert selected("kind") == ["TB"] and selected("unit") == ["HCTC"]
    assert selected("status") == ["published"] and selected("sort") == ["date"]
    assert form.xpath('.//input[@name="year"]/@value') == ["2023"]
    # The days shown back as the boxes take them: dd/mm/yyyy.
    assert form.xpath('.//input[@name="date_from"]/@value') == ["02/03/2023"]
    assert form.xpath('.//input[@name="date_to"]/@value') == ["11/03/2023"]
    # Every filter has its labelled field, and the units are offered by name.
    for name in ("type", "kind", "subject", "year", "unit", "field", "status"):
        field_id = form.xpath(f'.//*[@name="{name}"]/@id')[0]
        assert form.xpath(f'.//label[@for="{field_id}"]'), name
    assert "Khoa Kinh tế" in form.xpath('.//select[@name="unit"]')[0].text_content()
    assert "Tìm thấy 10 kết quả" in html


def test_numbered_pages_and_a_page_past_the_end(archive, login_as):
    client = login_as("inspector")
    html, tree = _html(client, q=WORD, page="2")
    pages = tree.xpath('//nav[@aria-label="Trang"]//a')
    assert [a.text_content().strip() for a in pages if a.text_content().strip().isdigit()] == [
        "1",
        "2",
    ]
    assert tree.xpath('//nav[@aria-label="Trang"]//a[@aria-current="page"]')[0].text == "2"
    assert "Trang 2 / 2" in html

    html, tree = _html(client, q=WORD, page="999")
    assert "Trang 999 không có: kết quả chỉ có 2 trang." in html
    assert "Không tìm thấy kết quả" not in html
    assert tree.xpath('//a[contains(@href, "page=2")]')  # to the last page

    body = client.get("/api/v1/search", query_string={"q": WORD, "page": 999}).get_json()
    assert body["hits"] == [] and body["total"] == 15 and body["pages"] == 2
    assert body["message"] == "Trang 999 không có: kết quả chỉ có 2 trang."


@pytest.mark.parametrize(
    "args, field",
    [
        ({"unit": "XYZ"}, "unit"),
        ({"kind": "ZZ"}, "kind"),
        ({"status": "bogus"}, "status"),
        ({"field": "Không có lĩnh vực này"}, "field"),
        ({"date_from": "2024-03-02", "date_to": "2024-01-01"}, "date_to"),
    ],
)
def test_a_wrong_filter_is_said_on_the_page_and_refused_by_the_api(archive, login_as, args, field):
    client = login_as("inspector")
    html, tree = _html(client, q=WORD, **args)
    alert = tree.xpath('//div[@id="s-errors"]')[0].text_content()
    assert "Bộ lọc không hợp lệ" in alert
    assert tree.xpath(f'//div[@role="alert"]//a[@href="#s-{field}"]')
    assert tree.xpath(f'//*[@id="s-{field}"][@aria-invalid="true"]')
    assert "Tìm thấy" not in html and not tree.xpath("//article")
    response = client.get("/api/v1/search", query_string={"q": WORD, **args})
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


def test_a_year_or_date_that_is_no_year_or_date(archive, login_as):
    client = login_as("inspector")
    for args, words in (
        ({"year": "abc"}, "Năm phải là một số"),
        ({"year": "²"}, "Năm phải là một số"),
        ({"date_from": "2023-13-45"}, "Ngày không hợp lệ"),
        ({"date_to": "31/02/2023"}, "Ngày không hợp lệ"),
    ):
        html, _tree = _html(client, q=WORD, **args)
        assert words in html and "Tìm thấy" not in html, args
        assert client.get("/api/v1/search", query_string={"q": WORD, **args}).status_code == 422
    # The export of a wrong filter goes back to the page that says so.
    response = client.get("/search/export.csv", query_string={"q": WORD, "unit": "XYZ"})
    assert response.status_code == 302 and "/search/" in response.location


def test_newest_first_by_the_records_own_date(backend, archive, login_as):
    page = search_page(login_as("inspector"), WORD, sort="date")
    # The evidence (20/5/2024), the notices (12/3 … 1/3/2023), the plan (1/2/2023), then the
    # nomination (made 1/3/2022; edited in 2025, but an edit is no date of its own).
    dates = re.findall(r"(\d\d/\d\d/\d{4})</div>", page.html)
    assert dates[0] == "20/05/2024" and dates[1] == "12/03/2023", dates
    page = search_page(login_as("inspector"), WORD, sort="date", page="2")
    assert page.titles[-1] == "Nguyễn Thị Lan"
    assert page.titles[-2].startswith("Kế hoạch 05/KH-KKT")
    # The date range filters by the same dates.
    page = search_page(login_as("inspector"), WORD, date_from="2022-01-01", date_to="2022-12-31")
    assert page.titles == ["Nguyễn Thị Lan"]
    # Typed as the page's boxes take them: day first.
    page = search_page(login_as("inspector"), WORD, date_from="01/01/2022", date_to="31.12.2022")
    assert page.titles == ["Nguyễn Thị Lan"]


def test_exports_write_dates_numbers_and_units_as_on_paper(archive, login_as):
    inspector = login_as("inspector")
    response = inspector.get("/search/export.csv", query_string={"q": WORD, "sort": "date"})
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == [
        "Loại",
        "Tiêu đề",
        "Số, ký hiệu",
        "Năm",
        "Đơn vị",
        "Trạng thái",
        "Ngày",
        "Đường dẫn",
    ]
    notice = next(r for r in rows if r[1].startswith("Thông báo 05/TB-CĐBP"))
    assert notice[2] == "05/TB-CĐBP" and notice[3] == "2023"
    assert notice[4] == "Phòng Hành chính – Tổ chức" and notice[6] == "05/03/2023"
    assert notice[5] == "Đã ban hành"
    plan = next(r for r in rows if "05/KH-KKT" in r[1])
    assert plan[2] == "05/KH-KKT" and plan[4] == "Khoa Kinh tế"
    person = next(r for r in rows if r[1] == "Nguyễn Thị Lan")
    assert person[4] == "Khoa Công nghệ thông tin" and person[6] == "01/03/2022"
    assert not any(re.fullmatch(r"\d{4}-\d\d-\d\d", c) for r in rows for c in r)

    response = inspector.get("/search/export.xlsx", query_string={"q": WORD})
    assert response.headers["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.data)).active
    row = next(r for r in sheet.iter_rows(min_row=2) if str(r[1].value).startswith("Thông báo 05/"))
    assert row[2].value == "05/TB-CĐBP" and row[4].value == "Phòng Hành chính – Tổ chức"
    assert row[6].value.date() == date(2023, 3, 5) and row[6].number_format == "DD/MM/YYYY"


def test_the_header_has_a_search_box_on_every_page(archive, login_as):
    client = login_as("staff")
    for path in ("/", "/documents/", "/exemplars/", "/profile"):
        tree = lxml.html.fromstring(client.get(path).get_data(as_text=True))
        form = tree.xpath('//header//form[@role="search"]')
        assert form and form[0].get("action") == "/search/" and form[0].get("method") == "get"
        box = form[0].xpath('.//input[@name="q"]')[0]
        assert box.get("data-suggest") == "/search/suggest"
        assert form[0].xpath(f'.//label[@for="{box.get("id")}"]')
    # Without script, the box is a plain GET form to the search page.
    assert search_page(client, WORD).total is not None


def test_suggestions_offer_titles_numbers_and_names_the_reader_may_see(archive, login_as):
    staff, other = login_as("staff"), login_as("other_staff")

    def titles(client, q, api=False):
        url = "/api/v1/search/suggest" if api else "/search/suggest"
        response = client.get(url, query_string={"q": q})
        assert response.status_code == 200
        return [s["title"] for s in response.get_json()["suggestions"]]

    # A person's name, as typed so far (the last word unfinished), by the owner only.
    assert "Nguyễn Thị Lan" in titles(staff, "Nguyễn Thị La")
    assert "Nguyễn Thị Lan" in titles(staff, "nguyen thi lan", api=True)
    assert "Nguyễn Thị Lan" not in titles(other, "Nguyễn Thị Lan")
    # A number, with or without its zero: the plan of KKT only for KKT's staff.
    assert any("05/KH-KKT" in t for t in titles(other, "05/KH-KKT"))
    assert any("05/KH-KKT" in t for t in titles(other, "5/KH-KKT", api=True))
    assert not any("KH-KKT" in t for t in titles(staff, "05/KH-KKT"))
    assert not any("KH-KKT" in t for t in titles(staff, "Kế hoạch zirconi riêng", api=True))
    # Titles; at most eight; nothing for one letter.
    found = staff.get("/search/suggest", query_string={"q": "Thông báo zirconi"}).get_json()
    assert len(found["suggestions"]) == 8
    assert found["suggestions"][0]["label"] == "Văn bản"
    assert found["suggestions"][0]["unit"] == "Phòng Hành chính – Tổ chức"
    assert titles(staff, "z") == []


def test_suggestions_need_a_signed_in_reader(archive, client):
    assert client.get("/search/suggest?q=zirconi").status_code in (302, 401)
    assert client.get("/api/v1/search/suggest?q=zirconi").status_code == 401
