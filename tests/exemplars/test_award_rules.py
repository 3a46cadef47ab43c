"""Award lines checked against the catalogue (Luật Thi đua, khen thưởng 2022): a title for
collectives is not given to a person, nor one for individuals to a collective; the same exemplar
(or person, or collective) never receives the same title for the same year twice, in one decision
or across decisions (one achievement, one award). The same rule, with the same message, on the
decision's page and in the API (422)."""

import pytest

from intranet.accounts import tokens
from intranet.accounts.models import User
from intranet.documents import services as documents
from intranet.documents.models import Document
from intranet.exemplars import decisions
from intranet.extensions import db
from tests.api.conftest import ApiClient
from tests.conftest import unit_id
from tests.exemplars.conftest import text
from tests.exemplars.test_decisions import line_form, lines_of

COLLECTIVE_TITLE = "Tập thể lao động xuất sắc"
INDIVIDUAL_TITLE = "Chiến sĩ thi đua cơ sở"


@pytest.fixture
def api(app, people):
    def make(key: str) -> ApiClient:
        with app.app_context():
            _token, secret = tokens.create_token(db.session.get(User, people[key]), "kiểm thử", 30)
        return ApiClient(app.test_client(), token=secret)

    return make


@pytest.fixture
def award(app, people, catalogue):
    """award(document_id, title=…, form=…, exemplar_id=…/person_id=…/unit_id=…): a line added
    by the secretariat through the service."""

    def add(document_id: int, *, title=INDIVIDUAL_TITLE, form=None, **recipient) -> int:
        with app.app_context():
            data = decisions.AwardData(
                title_id=catalogue("title", title) if title else None,
                form_id=catalogue("form", form) if form else None,
                **recipient,
            )
            document = db.session.get(Document, document_id)
            secretariat = db.session.get(User, people["secretariat"])
            return decisions.add_award_line(document, data, secretariat).id

    return add


def publish(app, people, document_id: int) -> None:
    with app.app_context():
        documents.publish(
            db.session.get(Document, document_id), db.session.get(User, people["secretariat"])
        )


def page_error(response) -> str:
    assert response.status_code == 200  # the form again, with its message
    return text(response)


def api_line(api, document_id: int, catalogue, title: str, **recipient):
    body = {"title_id": catalogue("title", title), **recipient}
    return api("secretariat").post(f"/api/v1/decisions/{document_id}/lines", json=body)


def assert_refused(response, message: str) -> None:
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert message in response.get_json()["detail"]


# --- the title's subject ---------------------------------------------------------------------


def test_a_collective_title_is_refused_for_an_individual_on_page_and_api(
    app, sign_in, api, catalogue, make_exemplar, make_decision
):
    exemplar_id = make_exemplar("staff", name="Nguyễn Văn Bình", stage="endorsed")
    document_id = make_decision(12)
    message = (
        "Danh hiệu thi đua “Tập thể lao động xuất sắc” dành cho tập thể, "
        "không tặng cho cá nhân Nguyễn Văn Bình."
    )

    response = line_form(
        sign_in("secretariat"),
        document_id,
        catalogue,
        exemplar_id=exemplar_id,
        title_id=catalogue("title", COLLECTIVE_TITLE),
    )
    assert message in page_error(response)
    assert_refused(
        api_line(api, document_id, catalogue, COLLECTIVE_TITLE, exemplar_id=exemplar_id), message
    )
    assert lines_of(app, document_id) == []


def test_a_collective_title_is_refused_for_a_staff_member(
    app, api, catalogue, people, make_decision
):
    document_id = make_decision(12)
    response = api_line(
        api, document_id, catalogue, COLLECTIVE_TITLE, person_id=people["other_staff"]
    )
    assert_refused(response, "dành cho tập thể, không tặng cho cá nhân canbo.kt.")


def test_an_individual_title_is_refused_for_a_collective(
    app, sign_in, api, catalogue, make_exemplar, make_decision
):
    document_id = make_decision(12)
    kkt = unit_id(app, "KKT")
    message = (
        "Danh hiệu thi đua “Chiến sĩ thi đua cơ sở” dành cho cá nhân, "
        "không tặng cho tập thể Khoa Kinh tế."
    )
    response = line_form(
        sign_in("secretariat"), document_id, catalogue, unit_id=kkt, form_id=0, kind_id=0
    )
    assert message in page_error(response)
    assert_refused(api_line(api, document_id, catalogue, INDIVIDUAL_TITLE, unit_id=kkt), message)
    collective = make_exemplar(
        "unit_head", subject="collective", name="Tổ Lập trình", stage="endorsed"
    )
    assert_refused(
        api_line(api, document_id, catalogue, INDIVIDUAL_TITLE, exemplar_id=collective),
        "dành cho cá nhân, không tặng cho tập thể Tổ Lập trình.",
    )
    assert lines_of(app, document_id) == []


def test_titles_that_fit_their_subject_are_accepted(
    app, api, catalogue, people, make_exemplar, make_decision
):
    document_id = make_decision(12)
    collective = make_exemplar(
        "unit_head", subject="collective", name="Tổ Lập trình", stage="endorsed"
    )
    person = make_exemplar("staff", name="Nguyễn Văn Bình", stage="endorsed")
    client = api("secretariat")
    for title, recipient in (
        (COLLECTIVE_TITLE, {"exemplar_id": collective}),
        (COLLECTIVE_TITLE, {"unit_id": unit_id(app, "KKT")}),
        (INDIVIDUAL_TITLE, {"exemplar_id": person}),
        ("Lao động tiên tiến", {"person_id": people["other_staff"]}),
    ):
        body = {"title_id": catalogue("title", title), **recipient}
        response = client.post(f"/api/v1/decisions/{document_id}/lines", json=body)
        assert response.status_code == 201, response.get_json()
    assert len(lines_of(app, document_id)) == 4


# --- one achievement, one award --------------------------------------------------------------


def test_the_same_title_twice_in_one_decision_is_refused(
    app, sign_in, api, catalogue, make_exemplar, make_decision, award
):
    exemplar_id = make_exemplar("staff", name="Nguyễn Văn Bình", stage="endorsed")
    document_id = make_decision(12)
    award(document_id, exemplar_id=exemplar_id)
    message = (
        "Nguyễn Văn Bình đã được tặng danh hiệu thi đua “Chiến sĩ thi đua cơ sở” năm 2024 "
        "ở dòng 1 của quyết định này: một thành tích chỉ khen thưởng một lần."
    )
    response = line_form(sign_in("secretariat"), document_id, catalogue, exemplar_id=exemplar_id)
    assert message in page_error(response)
    assert_refused(
        api_line(api, document_id, catalogue, INDIVIDUAL_TITLE, exemplar_id=exemplar_id), message
    )
    assert len(lines_of(app, document_id)) == 1


def test_the_same_person_the_same_title_twice_in_one_decision_is_refused(
    app, api, catalogue, people, make_decision, award
):
    document_id = make_decision(12)
    award(document_id, person_id=people["other_staff"])
    response = api_line(
        api, document_id, catalogue, INDIVIDUAL_TITLE, person_id=people["other_staff"]
    )
    assert_refused(response, "canbo.kt đã được tặng danh hiệu thi đua “Chiến sĩ thi đua cơ sở”")


def test_the_same_title_in_another_issued_decision_is_refused_naming_it(
    app, sign_in, api, people, catalogue, make_exemplar, make_decision, award
):
    exemplar_id = make_exemplar("staff", name="Nguyễn Văn Bình", stage="endorsed")
    earlier = make_decision(98, year=2024)
    award(earlier, exemplar_id=exemplar_id)
    publish(app, people, earlier)
    document_id = make_decision(12, year=2025)
    message = (
        "Nguyễn Văn Bình đã được tặng danh hiệu thi đua “Chiến sĩ thi đua cơ sở” năm 2024 "
        "theo Quyết định số 98/QĐ-CĐBP: một thành tích chỉ khen thưởng một lần."
    )
    response = line_form(sign_in("secretariat"), document_id, catalogue, exemplar_id=exemplar_id)
    assert message in page_error(response)
    assert_refused(
        api_line(api, document_id, catalogue, INDIVIDUAL_TITLE, exemplar_id=exemplar_id), message
    )
    assert lines_of(app, document_id) == []


def test_the_same_title_in_another_draft_decision_is_refused_naming_the_draft(
    app, api, catalogue, make_exemplar, make_decision, award
):
    exemplar_id = make_exemplar("staff", name="Nguyễn Văn Bình", stage="endorsed")
    award(make_decision(7), exemplar_id=exemplar_id)
    response = api_line(
        api, make_decision(12), catalogue, INDIVIDUAL_TITLE, exemplar_id=exemplar_id
    )
    assert_refused(
        response,
        "Nguyễn Văn Bình đã được đề nghị tặng danh hiệu thi đua “Chiến sĩ thi đua cơ sở” năm "
        "2024 trong dự thảo Quyết định 07/QĐ-CĐBP",
    )


def test_the_same_form_for_the_same_achievement_is_refused(
    app, api, catalogue, make_exemplar, make_decision, award
):
    exemplar_id = make_exemplar("staff", name="Nguyễn Văn Bình", stage="endorsed")
    document_id = make_decision(12)
    award(document_id, title=None, form="Giấy khen", exemplar_id=exemplar_id)
    body = {"form_id": catalogue("form", "Giấy khen"), "exemplar_id": exemplar_id}
    response = api("secretariat").post(f"/api/v1/decisions/{document_id}/lines", json=body)
    assert_refused(
        response,
        "Nguyễn Văn Bình đã được tặng hình thức khen thưởng “Giấy khen” năm 2024 ở dòng 1",
    )


def test_another_title_another_year_or_another_person_is_accepted(
    app, catalogue, people, make_exemplar, make_decision, award
):
    this_year = make_exemplar("staff", name="Nguyễn Văn Bình", stage="endorsed", year=2024)
    next_year = make_exemplar("staff", name="Nguyễn Văn Bình", stage="endorsed", year=2025)
    other = make_exemplar("staff", name="Trần Thị Cúc", stage="endorsed", year=2024)
    document_id = make_decision(12)
    award(document_id, exemplar_id=this_year)
    award(document_id, exemplar_id=this_year, title="Lao động tiên tiến")
    award(document_id, exemplar_id=next_year)
    award(document_id, exemplar_id=other)
    award(document_id, person_id=people["other_staff"])
    assert len(lines_of(app, document_id)) == 5
