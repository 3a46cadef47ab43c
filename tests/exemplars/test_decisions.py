"""Commendation decisions: award lines on a QĐ document, and publishing it recognises."""

import pytest

from intranet.documents.models import Document
from intranet.exemplars import decisions
from intranet.exemplars.models import AwardLine
from intranet.exemplars.services import ExemplarError
from intranet.extensions import db
from tests.conftest import unit_id
from tests.exemplars.conftest import between, events_of, stage_of, text, timeline, token


def line_form(client, document_id: int, catalogue, **fields):
    data = {
        "csrf_token": token(client),
        "exemplar_id": 0,
        "person_id": 0,
        "unit_id": 0,
        "title_id": catalogue("title", "Chiến sĩ thi đua cơ sở"),
        "form_id": catalogue("form", "Giấy khen"),
        "kind_id": catalogue("kind", "Đột xuất"),
        "level_id": catalogue("level", "Cấp tỉnh"),
        "amount": 1_500_000,
    }
    data.update(fields)
    return client.post(f"/exemplars/decisions/{document_id}", data=data)


ISSUED_MESSAGE = "Văn bản đã ban hành không sửa được; hãy ban hành văn bản sửa đổi, bổ sung"
SIGNATURE = {"signer_title": "HIỆU TRƯỞNG", "signer_name": "Nguyễn Văn Thành"}


def issue(app, sign_in, document_id: int) -> None:
    """The decision's way on the pages: the secretariat submits it, a leader signs, the
    secretariat issues it (its lines are drafted before)."""
    secretariat, leader = sign_in("secretariat"), sign_in("leader")
    steps = [(secretariat, "submit", {}), (leader, "sign", SIGNATURE), (secretariat, "publish", {})]
    for client, step, fields in steps:
        data = {"csrf_token": token(client), **fields}
        response = client.post(f"/documents/{document_id}/{step}", data=data)
        assert response.status_code == 302, (step, response.status_code)
    with app.app_context():
        assert db.session.get(Document, document_id).status.value == "published"


def award_table(page: str) -> str:
    return between(page, "<tbody>", "</tbody>")


def lines_of(app, document_id: int) -> list[tuple]:
    with app.app_context():
        document = db.session.get(Document, document_id)
        return [
            (line.recipient_name, line.exemplar_id, line.person_id, line.unit_id, line.amount)
            for line in decisions.lines_of(document)
        ]


def test_secretariat_adds_an_award_line_for_an_exemplar(
    app, sign_in, catalogue, make_exemplar, make_decision
):
    exemplar_id = make_exemplar("staff", name="Nguyễn Văn Bình", stage="endorsed")
    document_id = make_decision(12)
    client = sign_in("secretariat")

    response = line_form(client, document_id, catalogue, exemplar_id=exemplar_id)

    assert response.status_code == 302
    table = award_table(text(client.get(f"/exemplars/decisions/{document_id}")))
    assert f'href="/exemplars/{exemplar_id}">Nguyễn Văn Bình</a>' in table
    assert "Chiến sĩ thi đua cơ sở; Giấy khen" in table
    assert "Đột xuất; Cấp tỉnh" in table
    assert "1.500.000 đ" in table


def test_secretariat_adds_an_award_line_for_a_staff_member(
    app, sign_in, catalogue, people, make_decision
):
    document_id = make_decision(12)
    client = sign_in("secretariat")

    line_form(client, document_id, catalogue, person_id=people["other_staff"], amount=500_000)

    assert lines_of(app, document_id) == [
        ("canbo.kt", None, people["other_staff"], unit_id(app, "KKT"), 500_000)
    ]
    table = award_table(text(client.get(f"/exemplars/decisions/{document_id}")))
    assert "canbo.kt <span" in table and "(KKT)" in table


def test_secretariat_adds_an_award_line_for_a_unit(app, sign_in, catalogue, make_decision):
    document_id = make_decision(12)
    client = sign_in("secretariat")

    line_form(
        client,
        document_id,
        catalogue,
        unit_id=unit_id(app, "KKT"),
        title_id=catalogue("title", "Tập thể lao động xuất sắc"),
        form_id=0,
        level_id=catalogue("level", "Cấp trường"),
        amount=3_000_000,
    )

    table = award_table(text(client.get(f"/exemplars/decisions/{document_id}")))
    assert "Khoa Kinh tế" in table
    assert "Tập thể lao động xuất sắc" in table
    assert "3.000.000 đ" in table


def test_a_line_needs_a_title_or_a_form(app, sign_in, catalogue, make_decision):
    document_id = make_decision(12)
    client = sign_in("secretariat")

    response = line_form(
        client, document_id, catalogue, unit_id=unit_id(app, "KKT"), title_id=0, form_id=0
    )

    assert "Hãy chọn danh hiệu thi đua hoặc hình thức khen thưởng." in text(response)
    assert lines_of(app, document_id) == []


def test_a_document_that_is_not_a_decision_refuses_award_lines(
    app, people, catalogue, make_exemplar, make_decision
):
    exemplar_id = make_exemplar("staff", stage="endorsed")
    plan_id = make_decision(36, kind="KH", summary="Kế hoạch tuyên truyền điển hình tiên tiến")

    with app.app_context():
        plan = db.session.get(Document, plan_id)
        secretariat = db.session.get(decisions.User, people["secretariat"])
        data = decisions.AwardData(exemplar_id=exemplar_id, form_id=catalogue("form", "Giấy khen"))
        with pytest.raises(ExemplarError, match=r"Chỉ quyết định \(QĐ\) mới có danh sách"):
            decisions.add_award_line(plan, data, secretariat)
        db.session.rollback()
        assert db.session.query(AwardLine).count() == 0
    assert stage_of(app, exemplar_id) == "endorsed"


def test_the_award_page_of_a_document_that_is_not_a_decision_is_not_found(
    app, sign_in, catalogue, make_decision
):
    plan_id = make_decision(36, kind="KH", summary="Kế hoạch tuyên truyền điển hình tiên tiến")
    client = sign_in("secretariat")

    response = line_form(client, plan_id, catalogue, unit_id=unit_id(app, "KKT"))

    assert response.status_code == 404
    assert client.get(f"/exemplars/decisions/{plan_id}").status_code == 404


def test_lines_of_a_draft_decision_do_not_recognise_yet(
    app, sign_in, catalogue, make_exemplar, make_decision
):
    exemplar_id = make_exemplar("staff", stage="endorsed")
    document_id = make_decision(12)

    line_form(sign_in("secretariat"), document_id, catalogue, exemplar_id=exemplar_id)

    assert stage_of(app, exemplar_id) == "endorsed"


def test_issuing_the_decision_recognises_its_endorsed_exemplars(
    app, sign_in, make_exemplar, make_decision, award
):
    first = make_exemplar("staff", stage="endorsed")
    second = make_exemplar("other_staff", stage="endorsed")
    untouched = make_exemplar("staff", stage="endorsed")
    document_id = make_decision(12)
    award(document_id, exemplar=first)
    award(document_id, exemplar=second)
    assert stage_of(app, first) == "endorsed"

    issue(app, sign_in, document_id)

    assert [stage_of(app, i) for i in (first, second, untouched)] == [
        "recognised",
        "recognised",
        "endorsed",
    ]


def test_the_timeline_names_the_decision_that_recognised(
    app, sign_in, make_exemplar, make_decision, award
):
    exemplar_id = make_exemplar("staff", stage="endorsed")
    document_id = make_decision(12)
    award(document_id, exemplar=exemplar_id)

    issue(app, sign_in, document_id)

    last = events_of(app, exemplar_id)[-1]
    assert last[:4] == ("endorsed", "recognised", "thuongtruc", "Quyết định số 12/QĐ-CĐBP")
    owner_page = timeline(text(sign_in("staff").get(f"/exemplars/{exemplar_id}")))
    assert "Đã công nhận" in owner_page and "Quyết định số 12/QĐ-CĐBP" in owner_page


def test_a_line_added_to_an_issued_decision_is_refused_with_409_and_the_message(
    app, sign_in, catalogue, make_exemplar, make_decision
):
    exemplar_id = make_exemplar("staff", stage="endorsed")
    document_id = make_decision(12, published=True)

    response = line_form(sign_in("secretariat"), document_id, catalogue, exemplar_id=exemplar_id)

    assert response.status_code == 409
    assert ISSUED_MESSAGE in text(response) and "12/QĐ-CĐBP" in text(response)
    assert lines_of(app, document_id) == []
    assert stage_of(app, exemplar_id) == "endorsed"


def test_an_exemplar_only_submitted_cannot_be_awarded(
    app, people, make_exemplar, make_decision, award
):
    exemplar_id = make_exemplar("staff", stage="submitted")
    document_id = make_decision(12)

    with pytest.raises(ExemplarError, match=r"Chỉ khen thưởng điển hình đã được đơn vị xác nhận\."):
        award(document_id, exemplar=exemplar_id)

    assert stage_of(app, exemplar_id) == "submitted"
    assert lines_of(app, document_id) == []


def test_the_decision_page_neither_offers_nor_accepts_a_submitted_exemplar(
    app, sign_in, catalogue, make_exemplar, make_decision
):
    exemplar_id = make_exemplar("staff", name="Chưa xác nhận", stage="submitted")
    document_id = make_decision(12)
    client = sign_in("secretariat")

    page = text(client.get(f"/exemplars/decisions/{document_id}"))
    line_form(client, document_id, catalogue, exemplar_id=exemplar_id)

    assert "Chưa xác nhận" not in page
    assert lines_of(app, document_id) == []
    assert stage_of(app, exemplar_id) == "submitted"


# A draft is seen by those who read everything (403: they keep no award list) and not by staff
# or another unit's head (404).
@pytest.mark.parametrize(
    ("actor", "status"), [("staff", 404), ("unit_head", 404), ("inspector", 403), ("leader", 403)]
)
def test_only_the_secretariat_adds_lines_to_a_draft(
    app, sign_in, catalogue, make_exemplar, make_decision, actor, status
):
    exemplar_id = make_exemplar("staff", stage="endorsed")
    document_id = make_decision(12)

    response = line_form(sign_in(actor), document_id, catalogue, exemplar_id=exemplar_id)

    assert response.status_code == status
    assert lines_of(app, document_id) == []
    assert stage_of(app, exemplar_id) == "endorsed"


@pytest.mark.parametrize("actor", ["secretariat", "staff", "unit_head", "inspector", "leader"])
def test_nobody_adds_lines_to_an_issued_decision(
    app, sign_in, catalogue, make_exemplar, make_decision, actor
):
    exemplar_id = make_exemplar("staff", stage="endorsed")
    document_id = make_decision(12, published=True)  # issued: everyone may read it

    response = line_form(sign_in(actor), document_id, catalogue, exemplar_id=exemplar_id)

    assert response.status_code == 409 and ISSUED_MESSAGE in text(response)
    assert lines_of(app, document_id) == []
    assert stage_of(app, exemplar_id) == "endorsed"


def test_staff_read_a_published_decision_with_its_lines_but_no_form(
    app, sign_in, make_exemplar, make_decision, award
):
    exemplar_id = make_exemplar("staff", name="Nguyễn Văn Bình", stage="endorsed")
    document_id = make_decision(12)
    award(document_id, exemplar=exemplar_id)
    issue(app, sign_in, document_id)

    page = text(sign_in("other_staff").get(f"/exemplars/decisions/{document_id}"))

    assert "Nguyễn Văn Bình" in award_table(page)
    assert "Thêm vào danh sách" not in page


def test_the_decision_list_is_paged(app, sign_in, make_decision):
    for number in range(1, 23):
        make_decision(number, published=True)
    client = sign_in("staff")

    first = text(client.get("/exemplars/decisions"))
    second = text(client.get("/exemplars/decisions?page=2"))

    assert first.count('href="/exemplars/decisions/') == 20
    assert second.count('href="/exemplars/decisions/') == 2
    assert "?page=2" in first


def test_staff_are_not_offered_a_link_to_a_nomination_they_may_not_open(
    app, sign_in, make_exemplar, make_decision, award
):
    exemplar_id = make_exemplar("staff", name="Nguyễn Văn Bình", stage="endorsed")
    document_id = make_decision(12)
    award(document_id, exemplar=exemplar_id)
    issue(app, sign_in, document_id)

    other = text(sign_in("other_staff").get(f"/exemplars/decisions/{document_id}"))
    owner = text(sign_in("staff").get(f"/exemplars/decisions/{document_id}"))

    assert "Nguyễn Văn Bình" in award_table(other)
    assert f'href="/exemplars/{exemplar_id}"' not in other
    assert f'href="/exemplars/{exemplar_id}"' in owner
