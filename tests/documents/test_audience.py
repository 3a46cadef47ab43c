"""Audience: a document reaches only its audience; to anyone else it and its files do not exist."""

from datetime import date

import pytest

from tests.conftest import unit_id
from tests.documents.conftest import (
    MINI_PDF,
    comparable,
    listed,
    post,
    sample_bytes,
    text_of,
    versions_of,
)


@pytest.fixture
def restricted(make_document):
    """Decision 125/QĐ-CĐBP published to Khoa Kinh tế (KKT) only, with a PDF attached."""
    return make_document(
        "125/QĐ-CĐBP",
        summary="Về việc cử viên chức Khoa Kinh tế dự tập huấn",
        units=["KKT"],
        publish=True,
        attachments=[("Quyết định 125.pdf", sample_bytes("ke-hoach-36-KH-CDBP.pdf"))],
    )


def version_id(app, document_id):
    return versions_of(app, document_id)[0][1]


def assert_same_as_missing(client, path, missing_path):
    """The answer for ``path`` is the one for an id that does not exist: 404, the same page."""
    client.get("/documents/")  # shows (and so clears) the welcome message of the sign-in
    hidden, missing = client.get(path), client.get(missing_path)
    assert hidden.status_code == missing.status_code == 404
    assert comparable(hidden, path) == comparable(missing, missing_path)
    assert "Không tìm thấy" in text_of(hidden)


def test_member_of_the_unit_sees_it_in_the_list(app, login_as, restricted):
    page = login_as("other_staff").get("/documents/")
    assert listed(page) == ["125/QĐ-CĐBP"]


def test_member_of_the_unit_opens_it(app, login_as, restricted):
    page = text_of(login_as("other_staff").get(f"/documents/{restricted}"))
    assert "Số: 125/QĐ-CĐBP" in page
    assert "Về việc cử viên chức Khoa Kinh tế dự tập huấn" in page
    assert "Quyết định 125.pdf" in page


def test_member_of_the_unit_downloads_its_file(app, login_as, restricted):
    response = login_as("other_staff").get(
        f"/documents/files/v/{version_id(app, restricted)}/download"
    )
    assert response.status_code == 200
    assert response.data == sample_bytes("ke-hoach-36-KH-CDBP.pdf")


def test_member_of_another_unit_does_not_see_it_in_the_list(app, login_as, restricted):
    page = login_as("staff").get("/documents/")
    assert listed(page) == []
    assert "125/QĐ-CĐBP" not in text_of(page)


def test_member_of_another_unit_gets_the_missing_id_answer_for_the_page(app, login_as, restricted):
    assert_same_as_missing(login_as("staff"), f"/documents/{restricted}", "/documents/999999")


def test_member_of_another_unit_gets_the_missing_id_answer_for_the_download(
    app, login_as, restricted
):
    vid = version_id(app, restricted)
    assert_same_as_missing(
        login_as("staff"),
        f"/documents/files/v/{vid}/download",
        "/documents/files/v/999999/download",
    )


def test_member_of_another_unit_gets_the_missing_id_answer_for_the_preview(
    app, login_as, restricted
):
    vid = version_id(app, restricted)
    assert_same_as_missing(
        login_as("staff"),
        f"/documents/files/v/{vid}/preview",
        "/documents/files/v/999999/preview",
    )


def test_member_of_another_unit_gets_the_missing_id_answer_for_the_readers_page(
    app, login_as, restricted
):
    assert_same_as_missing(
        login_as("staff"), f"/documents/{restricted}/readers", "/documents/999999/readers"
    )


def test_member_of_another_unit_cannot_mark_it_read(app, login_as, restricted):
    client = login_as("staff")
    response = post(client, f"/documents/{restricted}/read")
    assert response.status_code == 404


def test_admin_without_a_reading_role_does_not_see_a_restricted_document(app, login_as, restricted):
    assert_same_as_missing(login_as("admin"), f"/documents/{restricted}", "/documents/999999")


def test_draft_is_invisible_to_staff_even_when_addressed_to_all(app, login_as, make_document):
    draft = make_document("10/KH-CĐBP", publish=False)
    client = login_as("staff")
    assert listed(client.get("/documents/")) == []
    assert_same_as_missing(client, f"/documents/{draft}", "/documents/999999")


def test_draft_file_is_invisible_to_staff(app, login_as, make_document):
    draft = make_document("10/KH-CĐBP", attachments=[("Dự thảo.pdf", MINI_PDF)])
    vid = version_id(app, draft)
    assert_same_as_missing(
        login_as("staff"),
        f"/documents/files/v/{vid}/download",
        "/documents/files/v/999999/download",
    )


def test_publishing_makes_the_draft_reach_staff(app, login_as, make_document):
    published = make_document("11/KH-CĐBP", publish=True)
    assert listed(login_as("staff").get("/documents/")) == ["11/KH-CĐBP"]
    assert login_as("staff").get(f"/documents/{published}").status_code == 200


def test_document_for_a_role_reaches_holders_of_that_role(app, login_as, make_document):
    make_document("20/TB-CĐBP", roles=["unit_head"], publish=True)
    assert listed(login_as("unit_head").get("/documents/")) == ["20/TB-CĐBP"]


def test_document_for_a_role_is_hidden_from_others_of_the_same_unit(app, login_as, make_document):
    document = make_document("20/TB-CĐBP", roles=["unit_head"], publish=True)
    client = login_as("staff")  # same unit (KCNTT) as the unit head, but not a unit head
    assert listed(client.get("/documents/")) == []
    assert_same_as_missing(client, f"/documents/{document}", "/documents/999999")


def test_document_for_several_units_reaches_each_of_them(app, login_as, make_document):
    make_document("21/TB-CĐBP", units=["KCNTT", "KKT"], publish=True)
    assert listed(login_as("staff").get("/documents/")) == ["21/TB-CĐBP"]
    assert listed(login_as("other_staff").get("/documents/")) == ["21/TB-CĐBP"]
    assert listed(login_as("leader").get("/documents/")) == ["21/TB-CĐBP"]


@pytest.mark.parametrize("reader", ["inspector", "leader", "secretariat"])
def test_readers_of_everything_see_restricted_documents_and_drafts(
    app, login_as, make_document, restricted, reader
):
    draft = make_document("10/KH-CĐBP", summary="Dự thảo kế hoạch")
    client = login_as(reader)
    assert sorted(listed(client.get("/documents/"))) == ["10/KH-CĐBP", "125/QĐ-CĐBP"]
    assert "Số: 125/QĐ-CĐBP" in text_of(client.get(f"/documents/{restricted}"))
    assert "Số: 10/KH-CĐBP" in text_of(client.get(f"/documents/{draft}"))
    download = client.get(f"/documents/files/v/{version_id(app, restricted)}/download")
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")


# --- list filters and sorting ----------------------------------------------------------------


@pytest.fixture
def archive(make_document):
    """Five documents of two years, three kinds, two units, one still a draft."""
    make_document("36/KH-CĐBP", summary="C kế hoạch tuyên truyền", unit="HCTC", publish=True)
    make_document(
        "125/QĐ-CĐBP",
        summary="B quyết định khen thưởng",
        issued_on=date(2023, 6, 1),
        unit="HCTC",
        publish=True,
    )
    make_document(
        "05/KH-KCNTT",
        summary="E kế hoạch của khoa",
        issued_on=date(2023, 5, 10),
        unit="KCNTT",
        publish=True,
    )
    make_document(
        "45/TB-CĐBP",
        summary="A thông báo nộp báo cáo",
        issued_on=date(2024, 5, 20),
        unit="HCTC",
        publish=True,
    )
    make_document(
        "10/KH-CĐBP",
        summary="D dự thảo kế hoạch năm 2024",
        issued_on=date(2024, 1, 10),
        unit="HCTC",
    )


def listing(login_as, query=""):
    return listed(login_as("secretariat").get(f"/documents/{query}"))


def test_list_is_newest_first_by_default(app, login_as, archive):
    assert listing(login_as) == [
        "45/TB-CĐBP",
        "10/KH-CĐBP",
        "125/QĐ-CĐBP",
        "05/KH-KCNTT",
        "36/KH-CĐBP",
    ]


def test_list_filtered_by_kind(app, login_as, archive):
    assert listing(login_as, "?kind=KH") == ["10/KH-CĐBP", "05/KH-KCNTT", "36/KH-CĐBP"]


def test_list_filtered_by_vietnamese_kind_code(app, login_as, archive):
    assert listing(login_as, "?kind=QĐ") == ["125/QĐ-CĐBP"]


def test_list_filtered_by_year(app, login_as, archive):
    assert listing(login_as, "?year=2024") == ["45/TB-CĐBP", "10/KH-CĐBP"]


def test_list_filtered_by_status(app, login_as, archive):
    assert listing(login_as, "?status=draft") == ["10/KH-CĐBP"]


def test_list_filtered_by_unit(app, login_as, archive):
    assert listing(login_as, f"?unit={unit_id(app, 'KCNTT')}") == ["05/KH-KCNTT"]


def test_list_filters_combine(app, login_as, archive):
    assert listing(login_as, "?kind=KH&year=2023&status=published") == [
        "05/KH-KCNTT",
        "36/KH-CĐBP",
    ]


def test_list_with_no_match_says_so(app, login_as, archive):
    page = login_as("secretariat").get("/documents/?kind=BB")
    assert listed(page) == []
    assert "Không có văn bản nào khớp bộ lọc" in text_of(page)


def test_list_ignores_a_malformed_filter(app, login_as, archive):
    page = login_as("secretariat").get("/documents/?year=abc&unit=-1&kind=<x>&status=zzz")
    assert page.status_code == 200
    assert len(listed(page)) == 5


def test_list_sorted_oldest_first(app, login_as, archive):
    assert listing(login_as, "?sort=date_asc") == [
        "36/KH-CĐBP",
        "05/KH-KCNTT",
        "125/QĐ-CĐBP",
        "10/KH-CĐBP",
        "45/TB-CĐBP",
    ]


def test_list_sorted_by_number_within_year(app, login_as, archive):
    assert listing(login_as, "?sort=number") == [
        "45/TB-CĐBP",
        "10/KH-CĐBP",
        "125/QĐ-CĐBP",
        "36/KH-CĐBP",
        "05/KH-KCNTT",
    ]


def test_list_sorted_by_summary(app, login_as, archive):
    assert listing(login_as, "?sort=summary") == [
        "45/TB-CĐBP",
        "125/QĐ-CĐBP",
        "36/KH-CĐBP",
        "10/KH-CĐBP",
        "05/KH-KCNTT",
    ]


def test_staff_filtering_never_reaches_drafts(app, login_as, archive):
    assert listed(login_as("staff").get("/documents/?status=draft")) == []


def test_the_list_counts_its_pages_from_the_documents_its_reader_may_open(
    app, login_as, make_document
):
    # 21 for everyone (two pages of 20) and 25 for Khoa Kinh tế only, which a member of another
    # unit must not see counted: with them the list would claim three pages.
    for n in range(1, 22):
        make_document(f"{n}/TB-CĐBP", publish=True, issued_on=date(2024, 1 + n % 12, 1))
    for n in range(30, 55):
        make_document(f"{n}/TB-CĐBP", publish=True, units=["KKT"], issued_on=date(2023, 5, 2))
    staff = login_as("staff")
    first = text_of(staff.get("/documents/"))
    assert "?page=2" in first and "?page=3" not in first
    assert len(listed(staff.get("/documents/?page=2"))) == 1
    # The year filter offers the years of what the reader may open, and counts within it.
    assert 'value="2023"' not in first
    within = staff.get("/documents/?year=2024&kind=TB")
    assert len(listed(within)) == 20 and "?page=3" not in text_of(within)
    assert "page=2" in text_of(within)
    # A member of the unit sees both: three pages.
    assert "?page=3" in text_of(login_as("other_staff").get("/documents/"))
