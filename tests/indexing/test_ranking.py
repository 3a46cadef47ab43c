"""Ranking through the real index (records built from the database, the worker, the search page),
on Whoosh and on Tantivy: a plan's number finds the plan, then the documents that implement it,
cite it as their basis or report on it, then those that only mention it."""

import re

import pytest

from tests.conftest import login
from tests.indexing.conftest import run_worker, search_page

MENTION = "Theo Kế hoạch 36/KH-CĐBP của Trường, các đơn vị thực hiện. " * 30


def test_plan_then_its_linked_documents_then_mentions(backend, app, make_document, login_as):
    make_document(
        "36/KH-CĐBP",
        publish=True,
        attachments=[("ke-hoach-36.txt", "Số: 36/KH-CĐBP\nKế hoạch tuyên truyền".encode())],
    )
    make_document(
        "05/KH-KCNTT",
        unit="KCNTT",
        publish=True,
        summary="Triển khai kế hoạch tuyên truyền tại Khoa",
        implements="36/KH-CĐBP",
    )
    make_document(
        "45/TB-CĐBP",
        publish=True,
        summary="Về việc nộp báo cáo kết quả",
        basis=["Kế hoạch số 36/KH-CĐBP ngày 21/4/2023 của Trường"],
    )
    make_document(
        "7/BC-KKT",
        unit="KKT",
        publish=True,
        summary="Báo cáo kết quả thực hiện kế hoạch năm 2024",
        basis=["Kế hoạch 36/KH-CDBP"],
    )
    make_document("46/TB-CĐBP", publish=True, summary="Thông báo khác", body=MENTION)
    run_worker(app)

    titles = search_page(login_as("secretariat"), "36/KH-CĐBP").titles
    numbers = [t.split(":")[0] for t in titles]
    assert sorted(numbers[:2]) == ["Kế hoạch 36/KH-CĐBP", "ke-hoach-36.txt (36/KH-CĐBP)"]
    assert sorted(numbers[2:5]) == [
        "Báo cáo 07/BC-KKT",
        "Kế hoạch 05/KH-KCNTT",
        "Thông báo 45/TB-CĐBP",
    ]
    assert numbers[5:] == ["Thông báo 46/TB-CĐBP"]


@pytest.fixture
def demo_reader(app):
    """The demo loaded and indexed; a client signed in as the demo's secretariat."""
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    accounts = dict(re.findall(r"^\s+(\S+)\s+(\S+)\s{2,}", result.output, re.MULTILINE))
    run_worker(app)
    client = app.test_client()
    assert login(client, "thuongtruc", accounts["thuongtruc"]).status_code == 302
    return client


def test_the_demo_ranks_as_issue_18_asks(backend, demo_reader):
    # "tiền": only the nomination that pays "không dùng tiền mặt" and its report have it exactly;
    # before the tiers they came after "Danh sách điển hình tiên tiến 2024".
    found = search_page(demo_reader, "tiền").titles
    assert len(found) > 2
    assert all("Trịnh Văn Lộc" in t for t in found[:2]), found[:4]
    # The plan's number: the plan and its files, then the documents resting on it.
    found = [t.split(":")[0] for t in search_page(demo_reader, "36/KH-CĐBP").titles]
    own = [t for t in found if t.startswith("Kế hoạch 36/KH-CĐBP") or "(36/KH-CĐBP)" in t]
    assert found[: len(own)] == own, found
    linked = {"Kế hoạch 05/KH-KCNTT", "Thông báo 45/TB-CĐBP", "Quyết định 125/QĐ-CĐBP"}
    assert linked <= set(found[len(own) : len(own) + 4]), found
