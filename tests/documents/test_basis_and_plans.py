"""Basis (căn cứ) and the plan chain 113/KH-UBND -> 36/KH-CĐBP -> units' plans; plan tasks."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from intranet.documents import plans
from intranet.documents.models import Basis, Document, PlanTask
from intranet.extensions import db
from tests.conftest import unit_id
from tests.documents.conftest import post, text_of

CITED = "Kế hoạch số 113/KH-UBND ngày 03/4/2023 của UBND tỉnh"


def chain(page: str) -> list[str]:
    """The items of the "Chuỗi kế hoạch" list, as text."""
    found = re.search(r'<ol class="plan-chain small">(.*?)</ol>', page, re.DOTALL)
    assert found, "no plan chain on the page"
    items = re.findall(r"<li>(.*?)</li>", found.group(1), re.DOTALL)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def link_to(document_id: int, text: str) -> str:
    return f'<a href="/documents/{document_id}">{text}</a>'


def new_document_through_the_form(client, symbol, summary, issuer_name, issued_on):
    return post(
        client,
        "/documents/new",
        {
            "kind": "KH",
            "number_symbol": symbol,
            "issued_on": issued_on,
            "summary": summary,
            "issued_place": "Bình Phước",
            "issuer_name": issuer_name,
            "unit_id": "0",
            "audience_all": "all",
        },
        token_from="/documents/new",
    )


# --- basis -----------------------------------------------------------------------------------


def test_cited_basis_not_in_the_archive_is_shown_as_text(app, login_as, make_document):
    plan = make_document(basis=[CITED], publish=True)
    page = text_of(login_as("staff").get(f"/documents/{plan}"))
    assert re.search(rf"Căn cứ\s+{re.escape(CITED)};", page)
    assert f">{CITED}</a>" not in page


def test_cited_basis_becomes_a_link_once_the_document_is_added(app, login_as, make_document):
    plan = make_document(basis=[CITED], publish=True)
    client = login_as("secretariat")
    assert f">{CITED}</a>" not in text_of(client.get(f"/documents/{plan}"))
    response = new_document_through_the_form(
        client,
        "113/KH-UBND",
        "Thực hiện Đề án Tuyên truyền gương điển hình tiên tiến giai đoạn 2022 - 2025",
        "Ủy ban nhân dân tỉnh Bình Phước",
        "2023-04-03",
    )
    assert response.status_code == 302
    cited_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    page = text_of(client.get(f"/documents/{plan}"))
    assert link_to(cited_id, CITED) in page


def test_link_to_a_cited_document_is_recorded(app, make_document):
    plan = make_document(basis=[CITED])
    cited = make_document("113/KH-UBND", issued_on=date(2023, 4, 3))
    with app.app_context():
        basis = db.session.execute(select(Basis).filter_by(document_id=plan)).scalar_one()
        assert (basis.cited_text, basis.target_id) == (CITED, cited)


def test_citation_typed_without_diacritics_links_too(app, login_as, make_document):
    make_document("36/KH-CĐBP", publish=True)
    notice = make_document(
        "45/TB-CĐBP",
        issued_on=date(2024, 5, 20),
        basis=["Ke hoach so 36/KH-CDBP ngay 21/4/2023"],
        publish=True,
    )
    page = text_of(login_as("staff").get(f"/documents/{notice}"))
    assert re.search(r'<a href="/documents/\d+">Ke hoach so 36/KH-CDBP ngay 21/4/2023</a>', page)


def test_basis_already_in_the_archive_is_linked_at_once(app, login_as, make_document):
    cited = make_document("113/KH-UBND", issued_on=date(2023, 4, 3), publish=True)
    plan = make_document(basis=[CITED], publish=True)
    assert link_to(cited, CITED) in text_of(login_as("staff").get(f"/documents/{plan}"))


def test_link_to_a_basis_the_reader_may_not_open_stays_text(app, login_as, make_document):
    make_document("113/KH-UBND", issued_on=date(2023, 4, 3), units=["KKT"], publish=True)
    plan = make_document(basis=[CITED], publish=True)
    page = text_of(login_as("staff").get(f"/documents/{plan}"))  # staff of KCNTT
    assert CITED in page
    assert f">{CITED}</a>" not in page


# --- the chain of plans ----------------------------------------------------------------------


@pytest.fixture
def plans_chain(make_document):
    """113/KH-UBND (province) -> 36/KH-CĐBP (college) -> 05/KH-KCNTT (a faculty)."""
    ids = {}
    ids["113"] = make_document(
        "113/KH-UBND", issued_on=date(2023, 4, 3), summary="Kế hoạch của tỉnh", publish=True
    )
    ids["36"] = make_document(implements=CITED, summary="Kế hoạch của trường", publish=True)
    ids["5"] = make_document(
        "05/KH-KCNTT",
        issued_on=date(2023, 5, 10),
        summary="Kế hoạch của khoa",
        implements="36/KH-CĐBP",
        units=["KCNTT"],
        publish=True,
    )
    return ids


def test_plan_page_shows_the_chain_up_and_down(app, login_as, plans_chain):
    page = text_of(login_as("staff").get(f"/documents/{plans_chain['36']}"))
    assert chain(page) == [
        CITED,
        "36/KH-CĐBP (văn bản này)",
        "05/KH-KCNTT — Kế hoạch của khoa",
    ]
    assert link_to(plans_chain["113"], CITED) in page
    assert link_to(plans_chain["5"], "05/KH-KCNTT") in page


def test_higher_plan_page_shows_the_plans_implementing_it(app, login_as, plans_chain):
    page = text_of(login_as("staff").get(f"/documents/{plans_chain['113']}"))
    assert chain(page) == ["113/KH-UBND (văn bản này)", "36/KH-CĐBP — Kế hoạch của trường"]


def test_units_plan_page_shows_the_plan_it_implements(app, login_as, plans_chain):
    page = text_of(login_as("staff").get(f"/documents/{plans_chain['5']}"))
    assert chain(page) == ["36/KH-CĐBP", "05/KH-KCNTT (văn bản này)"]
    assert link_to(plans_chain["36"], "36/KH-CĐBP") in page


def test_chain_leaves_out_plans_the_reader_may_not_open(app, login_as, plans_chain):
    page = text_of(login_as("other_staff").get(f"/documents/{plans_chain['36']}"))  # KKT
    assert chain(page) == [CITED, "36/KH-CĐBP (văn bản này)"]
    assert "05/KH-KCNTT" not in page


def test_higher_plan_added_later_closes_the_chain(app, login_as, make_document):
    plan = make_document(implements=CITED, publish=True)
    client = login_as("staff")
    assert f">{CITED}</a>" not in text_of(client.get(f"/documents/{plan}"))
    higher = make_document("113/KH-UBND", issued_on=date(2023, 4, 3), publish=True)
    assert link_to(higher, CITED) in text_of(client.get(f"/documents/{plan}"))
    assert chain(text_of(client.get(f"/documents/{higher}")))[-1].startswith("36/KH-CĐBP")


# --- tasks -----------------------------------------------------------------------------------


def add_task(client, plan, **fields):
    data = {
        "description": "Báo cáo kết quả và danh sách điển hình tiên tiến",
        "assignee_unit_id": "0",
        "assignee_role": "",
        "assignee_text": "",
        "deadline_on": "",
        "deadline_yearly": "",
        "target_count": "",
        "target_text": "",
    }
    data.update(fields)
    return post(client, f"/documents/{plan}/tasks", data, follow_redirects=True)


def tasks(app, plan) -> list[PlanTask]:
    with app.app_context():
        rows = db.session.execute(select(PlanTask).filter_by(document_id=plan)).scalars().all()
        db.session.expunge_all()
        return rows


def test_task_with_a_yearly_deadline_and_a_target(app, login_as, make_document):
    plan = make_document()
    page = text_of(
        add_task(
            login_as("secretariat"),
            plan,
            assignee_role="unit_head",
            assignee_text="Các đơn vị",
            deadline_yearly="30/6",
            target_count="1",
            target_text="điển hình tiên tiến mỗi đơn vị mỗi năm",
        )
    )
    assert "Đã thêm nhiệm vụ." in page
    assert "trước 30/6 hằng năm" in page
    assert "≥ 1 điển hình tiên tiến mỗi đơn vị mỗi năm" in page
    (task,) = tasks(app, plan)
    assert (task.deadline_day, task.deadline_month, task.target_count) == (30, 6, 1)
    assert task.deadline_in(2024) == date(2024, 6, 30)
    assert task.deadline_in(2025) == date(2025, 6, 30)


def test_task_assigned_to_a_unit_with_a_fixed_date(app, login_as, make_document):
    plan = make_document()
    page = text_of(
        add_task(
            login_as("secretariat"),
            plan,
            assignee_unit_id=str(unit_id(app, "HCTC")),
            description="Phổ biến kế hoạch đến toàn thể CBVCNLĐ",
            deadline_on="2023-05-31",
        )
    )
    assert "Phòng Hành chính – Tổ chức" in page
    assert "31/05/2023" in page
    (task,) = tasks(app, plan)
    assert task.deadline_in(2030) == date(2023, 5, 31)


def test_impossible_yearly_deadline_is_refused(app, login_as, make_document):
    plan = make_document()
    page = text_of(
        add_task(login_as("secretariat"), plan, assignee_text="Các đơn vị", deadline_yearly="31/2")
    )
    assert "Ngày 31/2 không có thật." in page
    assert tasks(app, plan) == []


def test_yearly_deadline_that_is_not_day_and_month_is_refused(app, login_as, make_document):
    plan = make_document()
    page = text_of(
        add_task(
            login_as("secretariat"),
            plan,
            assignee_text="Các đơn vị",
            deadline_yearly="cuối tháng 6",
        )
    )
    assert "Hạn hằng năm ghi dạng ngày/tháng, ví dụ: 30/6." in page
    assert tasks(app, plan) == []


def test_yearly_deadline_on_29_february_falls_on_28_february_in_other_years(app, make_document):

    plan = make_document()
    with app.test_request_context():
        document = db.session.get(Document, plan)
        task = plans.add_task(
            document, "Tổng kết", assignee_text="Các đơn vị", deadline_day=29, deadline_month=2
        )
        assert task.deadline_in(2024) == date(2024, 2, 29)
        assert task.deadline_in(2025) == date(2025, 2, 28)


def test_task_without_anyone_in_charge_is_refused(app, login_as, make_document):
    plan = make_document()
    page = text_of(add_task(login_as("secretariat"), plan))
    assert "Hãy chọn đơn vị hoặc vai trò chủ trì, hoặc ghi rõ người thực hiện." in page
    assert tasks(app, plan) == []


def test_task_with_a_negative_target_is_refused(app, login_as, make_document):
    plan = make_document()
    page = text_of(
        add_task(login_as("secretariat"), plan, assignee_text="Các đơn vị", target_count="-1")
    )
    assert "Chỉ tiêu phải là số không âm." in page
    assert tasks(app, plan) == []


@pytest.mark.parametrize(("who", "status"), [("leader", 403), ("staff", 404)])
def test_only_the_drafter_adds_tasks_to_a_draft(app, login_as, make_document, who, status):
    plan = make_document()
    response = post(
        login_as(who),
        f"/documents/{plan}/tasks",
        {"description": "x", "assignee_unit_id": "0", "assignee_role": "", "assignee_text": "y"},
    )
    assert response.status_code == status
    assert tasks(app, plan) == []


@pytest.mark.parametrize("who", ["secretariat", "staff"])
def test_nobody_adds_tasks_to_an_issued_plan(app, login_as, make_document, who):
    plan = make_document(publish=True)
    response = post(
        login_as(who),
        f"/documents/{plan}/tasks",
        {"description": "x", "assignee_unit_id": "0", "assignee_role": "", "assignee_text": "y"},
    )
    assert response.status_code == 409
    assert "Văn bản đã ban hành không sửa được" in text_of(response)
    assert tasks(app, plan) == []


def test_secretariat_removes_a_task(app, login_as, make_document):
    plan = make_document()
    client = login_as("secretariat")
    add_task(client, plan, assignee_text="Các đơn vị", description="Nhiệm vụ sẽ xoá")
    (task,) = tasks(app, plan)
    page = text_of(post(client, f"/documents/{plan}/tasks/{task.id}/delete", follow_redirects=True))
    assert "Đã xoá nhiệm vụ." in page and "Nhiệm vụ sẽ xoá" not in page
    assert tasks(app, plan) == []
