"""A number as written on paper: "05/KH-KKT" (Nghị định 30/2020) and "5/KH-KKT" (as people often
type it) find the same record, through the real index, on Whoosh and on Tantivy."""

import pytest

from intranet.search.analysis import code_forms
from tests.indexing.conftest import run_worker, search_page

PLAN = "Kế hoạch 05/KH-KKT"
REPORT = "Báo cáo 08/BC-KCNTT"


@pytest.fixture
def archive(app, make_document):
    make_document(
        "5/KH-KKT",
        unit="KKT",
        publish=True,
        summary="Kế hoạch tuyên truyền của khoa Kinh tế",
        attachments=[("ke-hoach-5.txt", "Số: 5/KH-KKT\nKế hoạch của khoa".encode())],
    )
    make_document("08/BC-KCNTT", unit="KCNTT", publish=True, summary="Báo cáo công nghệ")
    make_document("15/KH-KKT", unit="KKT", publish=True, summary="Kế hoạch khác của khoa")
    make_document("50/KH-KKT", unit="KKT", publish=True, summary="Kế hoạch nữa của khoa")
    run_worker(app)


def documents_found(page) -> list[str]:
    return sorted(t.split(":")[0] for t in page.titles if t.startswith(("Kế hoạch", "Báo cáo")))


@pytest.mark.parametrize("typed", ["5/KH-KKT", "05/KH-KKT", "05/kh-kkt", "5 /KH-KKT", "05/KH"])
def test_either_form_of_the_number_finds_the_same_plan(backend, archive, login_as, typed):
    page = search_page(login_as("secretariat"), typed)
    # The document and its file (indexed under its document's number in both forms), first.
    assert sorted(t.split(":")[0] for t in page.titles[:2]) == [
        PLAN,
        "ke-hoach-5.txt (05/KH-KKT)",
    ]
    assert documents_found(page) == [PLAN]  # not 15/KH-KKT nor 50/KH-KKT


@pytest.mark.parametrize("typed", ["8/BC-KCNTT", "08/BC-KCNTT", "08/bc-kcntt"])
def test_the_report_numbered_below_ten_is_found_as_written_on_paper(
    backend, archive, login_as, typed
):
    page = search_page(login_as("secretariat"), typed)
    assert documents_found(page) == [REPORT]


def test_numbers_of_ten_and_above_have_one_form(backend, archive, login_as):
    page = search_page(login_as("secretariat"), "15/KH-KKT")
    assert documents_found(page) == ["Kế hoạch 15/KH-KKT"]


def test_the_forms_of_a_code():
    assert code_forms("5/KH-KKT") == ["5/KH-KKT", "05/KH-KKT"]
    assert code_forms("05/KH-KKT") == ["05/KH-KKT", "5/KH-KKT"]
    assert code_forms("Số: 7 /KH-CĐBP") == ["Số: 7 /KH-CĐBP", "Số: 07 /KH-CĐBP"]
    assert code_forms("10/KH-CĐBP") == ["10/KH-CĐBP"]
    assert code_forms("125/QĐ-CĐBP") == ["125/QĐ-CĐBP"]
    assert code_forms("KH-CĐBP") == ["KH-CĐBP"]
