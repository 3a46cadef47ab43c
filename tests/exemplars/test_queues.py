"""Lists and queues: staff's own nominations, the unit head's queue, the school-wide queue."""

import re

import pytest
from sqlalchemy import select

from intranet.audit.models import AuditEntry
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from tests.exemplars.conftest import listed_names, text, token


def achievement_of(app, exemplar_id: int) -> str:
    with app.app_context():
        return db.session.get(Exemplar, exemplar_id).achievement


def edit_form(client, exemplar_id: int, achievement: str):
    page = client.get(f"/exemplars/{exemplar_id}/edit")
    version = ""
    if page.status_code == 200:
        html = page.get_data(as_text=True)
        version = html.split('id="version" name="version" type="hidden" value="')[1].split('"')[0]
    return client.post(
        f"/exemplars/{exemplar_id}/edit",
        data={
            "csrf_token": token(client),
            "subject": "individual",
            "person_id": 0,
            "name": "Nguyễn Văn Bình",
            "year": 2024,
            "field_id": 0,
            "movement_id": 0,
            "achievement": achievement,
            "version": version,
        },
    )


def test_staff_see_their_own_nominations_and_no_one_elses(app, sign_in, make_exemplar):
    make_exemplar("staff", name="Của tôi 1")
    make_exemplar("staff", name="Của tôi 2", stage="submitted")
    make_exemplar("colleague", name="Của đồng nghiệp", stage="submitted")
    make_exemplar("other_staff", name="Của khoa khác", stage="submitted")

    page = text(sign_in("staff").get("/exemplars/?queue=mine"))

    assert sorted(listed_names(page)) == ["Của tôi 1", "Của tôi 2"]


def test_the_person_nominated_finds_the_nomination_in_their_list(app, sign_in, make_exemplar):
    make_exemplar("staff", nominee="nominee", stage="submitted")

    page = text(sign_in("nominee").get("/exemplars/"))

    assert listed_names(page) == ["Lê Thị Được Đề Xuất"]


@pytest.mark.parametrize("stage", ["draft", "returned"])
def test_the_owner_edits_a_nomination_while_draft_or_returned(app, sign_in, make_exemplar, stage):
    exemplar_id = make_exemplar("staff", name="Nguyễn Văn Bình", stage=stage)
    client = sign_in("staff")

    response = edit_form(client, exemplar_id, "Thành tích đã bổ sung số liệu.")

    assert response.status_code == 302
    assert achievement_of(app, exemplar_id) == "Thành tích đã bổ sung số liệu."
    assert "Thành tích đã bổ sung số liệu." in text(client.get(f"/exemplars/{exemplar_id}"))


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(
    "stage", ["submitted", "endorsed", "recognised", "propagated", "withdrawn"]
)
def test_the_owner_cannot_edit_a_nomination_past_draft_or_returned(
    app, sign_in, make_exemplar, stage, method
):
    exemplar_id = make_exemplar("staff", name="Nguyễn Văn Bình", stage=stage)
    before = achievement_of(app, exemplar_id)
    client = sign_in("staff")

    if method == "GET":
        response = client.get(f"/exemplars/{exemplar_id}/edit")
    else:
        response = edit_form(client, exemplar_id, "Sửa sau khi đã gửi.")

    assert response.status_code == 403
    assert achievement_of(app, exemplar_id) == before


@pytest.mark.parametrize(
    ("actor", "stage"),
    [("unit_head", "returned"), ("secretariat", "draft"), ("nominee", "draft")],
)
def test_no_one_but_the_owner_edits_a_nomination(app, sign_in, make_exemplar, actor, stage):
    exemplar_id = make_exemplar("staff", nominee="nominee", stage=stage)
    before = achievement_of(app, exemplar_id)

    response = edit_form(sign_in(actor), exemplar_id, "Sửa hộ.")

    assert response.status_code == 403
    assert achievement_of(app, exemplar_id) == before


def test_the_page_offers_editing_only_while_the_owner_may_edit(app, sign_in, make_exemplar):
    draft = make_exemplar("staff")
    submitted = make_exemplar("staff", stage="submitted")
    client = sign_in("staff")

    assert f'href="/exemplars/{draft}/edit"' in text(client.get(f"/exemplars/{draft}"))
    assert f'href="/exemplars/{submitted}/edit"' not in text(client.get(f"/exemplars/{submitted}"))


def test_the_unit_head_queue_lists_submitted_nominations_of_their_unit_only(
    app, sign_in, make_exemplar
):
    make_exemplar("staff", name="Chờ xác nhận 1", stage="submitted")
    make_exemplar("colleague", name="Chờ xác nhận 2", stage="submitted")
    make_exemplar("staff", name="Còn dự thảo")
    make_exemplar("staff", name="Đã trả lại", stage="returned")
    make_exemplar("staff", name="Đã xác nhận", stage="endorsed")
    make_exemplar("other_staff", name="Của Khoa Kinh tế", stage="submitted")

    page = text(sign_in("unit_head").get("/exemplars/?queue=unit"))

    assert sorted(listed_names(page)) == ["Chờ xác nhận 1", "Chờ xác nhận 2"]


def test_the_head_of_another_unit_has_their_own_queue(app, sign_in, make_exemplar):
    make_exemplar("staff", name="Của Khoa CNTT", stage="submitted")
    make_exemplar("other_staff", name="Của Khoa Kinh tế", stage="submitted")

    page = text(sign_in("kkt_head").get("/exemplars/?queue=unit"))

    assert listed_names(page) == ["Của Khoa Kinh tế"]


def test_the_school_queue_lists_endorsed_nominations_of_every_unit(app, sign_in, make_exemplar):
    make_exemplar("staff", name="CNTT đã xác nhận", stage="endorsed")
    make_exemplar("other_staff", name="Kinh tế đã xác nhận", stage="endorsed")
    make_exemplar("staff", name="Mới gửi", stage="submitted")
    make_exemplar("staff", name="Dự thảo")
    make_exemplar("staff", name="Đã lên bảng vàng", stage="propagated")

    page = text(sign_in("secretariat").get("/exemplars/?queue=school"))

    assert sorted(listed_names(page)) == ["CNTT đã xác nhận", "Kinh tế đã xác nhận"]


@pytest.mark.parametrize("queue", ["unit", "school"])
def test_staff_asking_for_a_review_queue_are_refused_on_page_and_api(
    app, sign_in, make_exemplar, queue
):
    make_exemplar("colleague", name="Của đồng nghiệp", stage="endorsed")
    client = sign_in("staff")

    page = client.get(f"/exemplars/?queue={queue}")
    api = client.get(f"/api/v1/exemplars?queue={queue}")

    assert page.status_code == 403 and "Của đồng nghiệp" not in text(page)
    assert api.status_code == 403


def test_the_page_offers_only_the_queues_the_user_has(app, sign_in):
    def tabs(key: str) -> list[str]:
        page = text(sign_in(key).get("/exemplars/"))
        return re.findall(r'href="/exemplars/\?queue=(\w+)"', page)

    assert tabs("staff") == ["mine", "all"]
    assert tabs("unit_head") == ["mine", "unit", "all"]
    assert tabs("inspector") == ["mine", "school", "all"]


def test_a_refused_queue_is_written_to_the_trail(app, sign_in):
    sign_in("staff").get("/exemplars/?queue=unit")

    with app.app_context():
        entries = (
            db.session.execute(select(AuditEntry).where(AuditEntry.action == "denied"))
            .scalars()
            .all()
        )
        assert [(e.actor_username, e.record_type) for e in entries] == [("canbo", "exemplar_queue")]


def test_an_edit_on_a_stale_version_is_refused_and_saves_nothing(app, sign_in, make_exemplar):
    exemplar_id = make_exemplar("staff", name="Nguyễn Văn Bình")
    client = sign_in("staff")
    stale_page = client.get(f"/exemplars/{exemplar_id}/edit").get_data(as_text=True)
    assert edit_form(client, exemplar_id, "Lần sửa thứ nhất.").status_code == 302

    stale_version = stale_page.split('name="version" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        f"/exemplars/{exemplar_id}/edit",
        data={
            "csrf_token": token(client),
            "subject": "individual",
            "person_id": 0,
            "name": "Nguyễn Văn Bình",
            "year": 2024,
            "field_id": 0,
            "movement_id": 0,
            "achievement": "Lần sửa cũ đè lên.",
            "version": stale_version,
        },
    )

    assert response.status_code == 200
    assert "người khác thay đổi" in text(response)
    assert achievement_of(app, exemplar_id) == "Lần sửa thứ nhất."
