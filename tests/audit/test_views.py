"""The History of a record and the search over the trail: for inspectors, leaders and the
secretariat only."""

import html
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from intranet.documents import services as documents
from intranet.documents.models import Document
from intranet.extensions import db
from tests.audit.conftest import trail

TODAY = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def published(app, make_document, acting_as):
    """A document made, edited and published by the secretariat; its id."""
    document_id = make_document("12/KH-CĐBP", summary="Trích yếu cũ", attachment=True)
    with acting_as("secretariat") as author:
        document = db.session.get(Document, document_id)
        data = documents.DocumentData(
            kind="KH",
            number_symbol="12/KH-CĐBP",
            issued_on=document.issued_on,
            summary="Trích yếu mới",
        )
        documents.save_document(document, data, author, version=document.version)
        documents.publish(document, author)
    return document_id


def test_an_inspector_sees_the_history_of_a_document_with_before_and_after(
    app, published, login_as
):
    response = login_as("inspector").get(f"/audit/document/{published}")
    assert response.status_code == 200
    text = page_text(response)
    assert "Tạo văn bản 12/KH-CĐBP" in text
    assert "Trích yếu cũ" in text and "Trích yếu mới" in text
    assert "Chuyển trạng thái văn bản 12/KH-CĐBP: Dự thảo → Đã ban hành" in text
    assert "Tạo phiên bản tệp ke-hoach.pdf" in text  # its parts are in its History
    assert "01/03/2024" in text  # the issue date, in Vietnamese form
    assert text.index("Tạo văn bản") < text.index("Chuyển trạng thái")  # oldest first


@pytest.mark.parametrize("role", ["leader", "secretariat"])
def test_leaders_and_the_secretariat_see_histories_too(app, published, login_as, role):
    assert login_as(role).get(f"/audit/document/{published}").status_code == 200
    assert login_as(role).get("/audit/").status_code == 200


@pytest.mark.parametrize("role", ["staff", "unit_head", "admin"])
def test_other_roles_get_403_for_histories_and_the_search(app, published, login_as, role):
    client = login_as(role)
    assert client.get(f"/audit/document/{published}").status_code == 403
    assert client.get("/audit/").status_code == 403


def test_the_history_link_shows_only_to_those_who_may_follow_it(
    app, published, make_exemplar, login_as
):
    exemplar_id, _ = make_exemplar()
    link = f'href="/audit/document/{published}"'
    assert link in login_as("inspector").get(f"/documents/{published}").get_data(as_text=True)
    assert link not in login_as("staff").get(f"/documents/{published}").get_data(as_text=True)
    exemplar_link = f'href="/audit/exemplar/{exemplar_id}"'
    page = login_as("leader").get(f"/exemplars/{exemplar_id}").get_data(as_text=True)
    assert exemplar_link in page
    page = login_as("staff").get(f"/exemplars/{exemplar_id}").get_data(as_text=True)
    assert exemplar_link not in page


def test_the_navigation_offers_the_trail_to_inspectors_only(app, users, login_as):
    assert 'href="/audit/"' in login_as("inspector").get("/").get_data(as_text=True)
    assert 'href="/audit/"' not in login_as("staff").get("/").get_data(as_text=True)


def shown(app, response) -> list[str]:
    """The summaries of the trail that a search page lists."""
    assert response.status_code == 200
    text = page_text(response)
    return [e["summary"] for e in trail(app) if e["summary"] in text]


def test_the_search_filters_by_person_record_action_and_date(app, published, login_as):
    client = login_as("inspector")
    by_secretariat = shown(app, client.get("/audit/?person=thuongtruc"))
    assert "Tạo văn bản 12/KH-CĐBP" in by_secretariat
    assert not any(s.startswith("Đăng nhập") for s in by_secretariat)
    by_record = shown(app, client.get(f"/audit/?record_type=document&record_id={published}"))
    assert "Tạo văn bản 12/KH-CĐBP" in by_record
    assert not any("người dùng" in s for s in by_record)
    sign_ins = page_text(client.get("/audit/?action=sign_in"))
    assert "Đăng nhập: kiemtra" in sign_ins and "Tạo văn bản" not in sign_ins
    # Days as typed in the filter's box (dd/mm/yyyy) or ISO.
    yesterday = TODAY - timedelta(days=1)
    for today, before in (
        (TODAY.isoformat(), yesterday.isoformat()),
        (TODAY.strftime("%d/%m/%Y"), yesterday.strftime("%d/%m/%Y")),
        (f"{TODAY.day}/{TODAY.month}/{TODAY.year}", yesterday.strftime("%d.%m.%Y")),
    ):
        page = client.get(f"/audit/?date_from={today}")
        assert "Tạo văn bản 12/KH-CĐBP" in page_text(page)
        box = re.search(r'<input[^>]*name="date_from"[^>]*>', page_text(page))[0]
        assert f'value="{TODAY.strftime("%d/%m/%Y")}"' in box, box  # shown back day first
        old = page_text(client.get(f"/audit/?date_to={before}"))
        assert "Tạo văn bản" not in old and "Không có mục nào khớp bộ lọc" in old


def test_the_search_matches_names_in_any_case_and_says_what_it_cannot_read(
    app, published, login_as
):
    client = login_as("inspector")
    assert "Tạo văn bản 12/KH-CĐBP" in page_text(client.get("/audit/?person=THUONGTRUC"))
    text = page_text(client.get("/audit/?record_id=abc&date_from=31/02/2024"))
    assert "Mã bản ghi phải là một số: abc" in text
    assert "Ngày không hợp lệ: 31/02/2024" in text
