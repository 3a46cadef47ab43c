"""The Vietnamese matching rules through the search page, on real files uploaded through the pages.

The plan 36/KH-CĐBP is uploaded as PDF, DOCX, ODT, TXT and NFD TXT; the worker extracts and indexes
them; a staff member searches as people type: without diacritics, with them, phrases, exclusions and
document numbers whole or in part.
"""

import re
from datetime import date

import pytest
from sqlalchemy import select

from intranet.accounts.models import User
from intranet.documents import services as document_services
from intranet.documents.models import Document
from intranet.exemplars import catalogues, decisions
from intranet.exemplars.catalogues import CatalogueEntry, Group
from intranet.extensions import db
from intranet.indexing.models import ExtractedText
from tests.indexing.conftest import (
    PLAN_FILES,
    run_worker,
    sample,
    search_page,
    upload_files,
)

LABELS = {"Văn bản", "Tệp đính kèm", "Quyết định", "Điển hình", "Minh chứng"}
PLAN_TITLE = "Kế hoạch 36/KH-CĐBP: Thực hiện Đề án tuyên truyền gương điển hình tiên tiến"


def file_titles(page) -> set[str]:
    """The original names of the files among the hits ("name.pdf (36/KH-CĐBP)" -> "name.pdf")."""
    return {h.title.rsplit(" (", 1)[0] for h in page.hits if h.label == "Tệp đính kèm"}


@pytest.fixture
def plan(app, users, make_document, login_as):
    """The plan with its five files uploaded through the document's page before issue, extracted
    and indexed, and another plan of the college (12/KH-CĐBP) that shares no words with it."""
    plan_id = make_document("36/KH-CĐBP")
    other_id = make_document(
        "12/KH-CĐBP",
        publish=True,
        issued_on=date(2024, 2, 1),
        summary="Tổ chức hội thao chào mừng ngày thành lập trường",
    )
    secretariat = login_as("secretariat")
    response = upload_files(secretariat, plan_id, *[(n, sample(n)) for n in PLAN_FILES])
    assert response.status_code == 302
    with app.app_context():  # then issued (an issued document takes no file: 409)
        author = db.session.get(User, users["secretariat"])
        document_services.publish(db.session.get(Document, plan_id), author)
    run_worker(app)
    with app.app_context():
        statuses = [r.status for r in db.session.execute(select(ExtractedText)).scalars()]
    assert statuses == ["ok"] * len(PLAN_FILES)
    return {"plan": plan_id, "other": other_id}


def test_without_diacritics_finds_every_format_and_the_record(backend, plan, login_as):
    page = search_page(login_as("staff"), "dien hinh tien tien")
    assert page.status == 200
    assert file_titles(page) == set(PLAN_FILES)  # the NFD file too
    assert PLAN_TITLE in page.titles
    assert page.total == len(PLAN_FILES) + 1
    assert not any("12/KH-CĐBP" in t for t in page.titles)


def test_with_diacritics_and_in_capitals(backend, plan, login_as):
    staff = login_as("staff")
    for text in (
        "điển hình tiên tiến",
        "ĐIỂN HÌNH TIÊN TIẾN",
        "Nguyễn Bích Liên",
        "nguyen bich lien",
    ):
        page = search_page(staff, text)
        assert file_titles(page) == set(PLAN_FILES), text


def test_phrase_in_quotes_must_be_whole_and_in_order(backend, plan, login_as):
    staff = login_as("staff")
    page = search_page(staff, '"gương điển hình tiên tiến"')
    assert file_titles(page) == set(PLAN_FILES)
    assert PLAN_TITLE in page.titles
    # The same words in another order are not the phrase.
    page = search_page(staff, '"tiên tiến điển hình gương"')
    assert page.total == 0
    assert page.hits == []


def test_exclusion_with_minus(backend, plan, login_as):
    staff = login_as("staff")
    # The signer's name is only in the files: excluding it leaves the record itself.
    for text in ("điển hình tiên tiến -Bích", "dien hinh tien tien -bich"):
        page = search_page(staff, text)
        assert page.titles == [PLAN_TITLE], text
        assert page.total == 1
    page = search_page(staff, "điển hình -pdf")
    assert "ke-hoach-36-KH-CDBP.pdf" not in file_titles(page)
    assert "ke-hoach-36-KH-CDBP.docx" in file_titles(page)


@pytest.mark.parametrize("code", ["36/KH-CĐBP", "36/KH-CDBP", "36/kh-cđbp"])
def test_document_code_whole(backend, plan, login_as, code):
    page = search_page(login_as("staff"), code)
    assert PLAN_TITLE in page.titles
    assert file_titles(page) == set(PLAN_FILES)
    assert not any("12/KH-CĐBP" in t for t in page.titles)


@pytest.mark.parametrize("code", ["KH-CĐBP", "KH-CDBP", "CĐBP"])
def test_document_code_by_its_parts(backend, plan, login_as, code):
    page = search_page(login_as("staff"), code)
    assert PLAN_TITLE in page.titles
    assert any("12/KH-CĐBP" in t for t in page.titles)


def test_a_code_cited_in_a_file_is_found(backend, plan, login_as):
    page = search_page(login_as("staff"), "113/KH-UBND")
    assert file_titles(page) == set(PLAN_FILES)
    assert "<mark>113</mark>" in " ".join(h.snippet_html for h in page.hits)


def test_exact_diacritics_rank_above_folded_matches(backend, app, make_document, login_as):
    make_document("05/KH-CĐBP", publish=True, summary="Kế hoạch đào tạo giảng viên trẻ")
    make_document("06/KH-CĐBP", publish=True, summary="Kế hoạch dao tao giảng viên trẻ")
    run_worker(app)
    staff = login_as("staff")
    page = search_page(staff, "đào tạo")
    assert [t.split(":")[0] for t in page.titles] == ["Kế hoạch 05/KH-CĐBP", "Kế hoạch 06/KH-CĐBP"]
    # Typed without diacritics, both match (the order is the backend's).
    page = search_page(staff, "dao tao")
    assert sorted(t.split(":")[0] for t in page.titles) == [
        "Kế hoạch 05/KH-CĐBP",
        "Kế hoạch 06/KH-CĐBP",
    ]


def test_each_hit_says_what_it_is_and_links_to_a_page_the_reader_may_open(
    backend, app, plan, users, make_nomination, login_as
):
    """Documents, files, a decision with its award lines, a nomination and its evidence."""
    with app.app_context():
        catalogues.seed()
        secretariat = db.session.get(User, users["secretariat"])
        from intranet.documents import services

        decision = services.save_document(
            None,
            services.DocumentData(
                kind="QĐ",
                number_symbol="40/QĐ-CĐBP",
                issued_on=date(2024, 7, 15),
                summary="Về việc khen thưởng điển hình tiên tiến năm học 2023–2024",
            ),
            secretariat,
        )
        title_id = db.session.execute(
            select(CatalogueEntry.id).filter_by(group=Group.TITLE, name="Chiến sĩ thi đua cơ sở")
        ).scalar_one()
        decisions.add_award_line(
            decision,
            decisions.AwardData(
                person_id=users["staff"], recipient_name="Trần Thị Hồng Nhung", title_id=title_id
            ),
            secretariat,
        )
        services.publish(decision, secretariat)
        decision_id = decision.id
    exemplar_id, _ = make_nomination(
        "staff",
        name="Trần Thị Hồng Nhung",
        achievement="Điển hình tiên tiến trong phong trào đổi mới giảng dạy.",
        evidence=[("giay-khen.txt", "Giấy khen điển hình tiên tiến cấp trường".encode())],
        title="Giấy khen điển hình tiên tiến",
    )
    run_worker(app)
    staff = login_as("staff")  # the nominee's owner: sees the nomination and its evidence

    page = search_page(staff, "Hồng Nhung")
    by_label = {h.label: h for h in page.hits}
    assert set(by_label) == {"Quyết định", "Điển hình", "Minh chứng"}
    assert by_label["Quyết định"].url == f"/documents/{decision_id}"
    assert by_label["Điển hình"].url == f"/exemplars/{exemplar_id}"
    assert by_label["Minh chứng"].url == f"/exemplars/{exemplar_id}#minh-chung"
    # The award line's title is searched with the decision, diacritics or not.
    page = search_page(staff, "chien si thi dua co so")
    assert [h.label for h in page.hits] == ["Quyết định"]

    for page_no in (1, 2):
        page = search_page(staff, "điển hình tiên tiến", page=str(page_no))
        for hit in page.hits:
            assert hit.label in LABELS
            assert hit.title
            response = staff.get(hit.url.split("#")[0])
            assert response.status_code == 200, hit
    assert page.total == 1 + len(PLAN_FILES) + 3  # plan, files, decision, nomination, evidence


def test_snippets_are_highlighted_and_escaped(backend, app, make_document, login_as):
    make_document(
        "07/TB-CĐBP",
        publish=True,
        summary="Thông báo <script>alert(1)</script> về gương điển hình & <b>tiên tiến</b>",
        body="Nội dung có thẻ <img src=x onerror=alert(2)> và điển hình tiên tiến.",
    )
    run_worker(app)
    page = search_page(login_as("staff"), "alert điển hình")
    assert page.status == 200
    assert page.total == 1
    hit = page.hits[0]
    assert "<script>alert(1)</script>" not in page.html
    assert "<img src=x" not in page.html
    assert "<b>tiên tiến</b>" not in page.html
    # Shown as text, exactly as typed.
    assert hit.title == (
        "Thông báo 07/TB-CĐBP: Thông báo <script>alert(1)</script> về gương điển hình & "
        "<b>tiên tiến</b>"
    )
    assert "&lt;script&gt;" in hit.snippet_html
    assert "<mark>" in hit.snippet_html
    assert "<mark>điển</mark>" in hit.snippet_html
    # Nothing but <mark> is markup in a snippet.
    tags = {t for t in re.findall(r"</?([a-zA-Z]+)", hit.snippet_html)}
    assert tags == {"mark"}
