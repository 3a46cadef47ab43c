"""Commendation decisions and their award lines through the API."""

from sqlalchemy import select

from intranet.exemplars import catalogues
from intranet.exemplars.catalogues import CatalogueEntry, Group
from intranet.extensions import db
from tests.api.conftest import assert_problem


def _form_id(app) -> int:
    with app.app_context():
        catalogues.seed()
        return (
            db.session.execute(select(CatalogueEntry.id).filter_by(group=Group.FORM))
            .scalars()
            .first()
        )


def test_list_decisions_only_qd_documents_the_reader_may_open(api, make_document):
    make_document("20/QĐ-CĐBP", publish=True)
    make_document("21/QĐ-CĐBP", publish=True, units=["KKT"])
    make_document("36/KH-CĐBP", publish=True)
    staff = api("staff").get("/api/v1/decisions").get_json()
    assert [d["symbol"] for d in staff["items"]] == ["20/QĐ-CĐBP"]
    assert staff["items"][0]["line_count"] == 0
    assert api("secretariat").get("/api/v1/decisions?status=published").get_json()["total"] == 2


ISSUED_MESSAGE = "Văn bản đã ban hành không sửa được; hãy ban hành văn bản sửa đổi, bổ sung"


def _issue(api, document_id: int) -> None:
    """The decision's way to issue: submitted and issued by the secretariat, signed by a leader."""
    steps = [
        ("secretariat", "submit", None),
        ("leader", "sign", {"signer_title": "HIỆU TRƯỞNG"}),
        ("secretariat", "publish", None),
    ]
    for who, step, body in steps:
        response = api(who).post(f"/api/v1/documents/{document_id}/{step}", json=body)
        assert response.status_code == 200, response.get_data(as_text=True)


def test_secretariat_adds_a_line_to_a_draft_and_issuing_recognises_the_exemplar(
    app, api, make_document, make_exemplar
):
    decision = make_document("20/QĐ-CĐBP")
    exemplar_id = make_exemplar(stage="endorsed")
    response = api("secretariat").post(
        f"/api/v1/decisions/{decision}/lines",
        json={"exemplar_id": exemplar_id, "form_id": _form_id(app), "amount": 1_500_000},
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    line = response.get_json()
    assert line["recipient_name"] == "Nguyễn Thị Lan" and line["amount"] == 1_500_000
    assert api("staff").get(f"/api/v1/exemplars/{exemplar_id}").get_json()["stage"] == "endorsed"
    _issue(api, decision)
    assert api("staff").get(f"/api/v1/exemplars/{exemplar_id}").get_json()["stage"] == "recognised"
    lines = api("staff").get(f"/api/v1/decisions/{decision}/lines").get_json()
    assert lines["total"] == 1 and lines["items"][0]["form"]["id"] == _form_id(app)
    listed = api("staff").get("/api/v1/decisions").get_json()["items"][0]
    assert listed["line_count"] == 1 and listed["total_amount"] == 1_500_000


def test_a_line_added_to_an_issued_decision_is_409_with_the_message(
    app, api, make_document, make_exemplar
):
    decision = make_document("20/QĐ-CĐBP", publish=True)
    exemplar_id = make_exemplar(stage="endorsed")
    response = api("secretariat").post(
        f"/api/v1/decisions/{decision}/lines",
        json={"exemplar_id": exemplar_id, "form_id": _form_id(app), "amount": 1_500_000},
    )
    assert ISSUED_MESSAGE in assert_problem(response, 409)["detail"]
    assert "20/QĐ-CĐBP" in response.get_json()["detail"]
    assert api("staff").get(f"/api/v1/decisions/{decision}/lines").get_json()["total"] == 0
    assert api("staff").get(f"/api/v1/exemplars/{exemplar_id}").get_json()["stage"] == "endorsed"


def test_a_leader_may_not_add_a_line_to_a_draft_and_staff_not_to_an_issued_one(
    app, api, make_document
):
    draft = make_document("20/QĐ-CĐBP")
    issued = make_document("21/QĐ-CĐBP", publish=True)
    line = {"unit_id": 1, "form_id": _form_id(app)}
    # The leader reads every draft but keeps no award list: 403; staff do not see a draft: 404.
    assert_problem(api("leader").post(f"/api/v1/decisions/{draft}/lines", json=line), 403)
    assert_problem(api("staff").post(f"/api/v1/decisions/{draft}/lines", json=line), 404)
    # Issued, the list is read-only for everyone: 409.
    assert_problem(api("staff").post(f"/api/v1/decisions/{issued}/lines", json=line), 409)


def test_line_without_award_is_422(api, make_document, users):
    decision = make_document("20/QĐ-CĐBP")
    body = assert_problem(
        api("secretariat").post(
            f"/api/v1/decisions/{decision}/lines", json={"person_id": users["staff"]}
        ),
        422,
    )
    assert "danh hiệu" in body["detail"]


def test_lines_of_a_document_that_is_not_a_decision_are_404(api, make_document):
    plan = make_document("36/KH-CĐBP", publish=True)
    assert_problem(api("secretariat").get(f"/api/v1/decisions/{plan}/lines"), 404)
    restricted = make_document("22/QĐ-CĐBP", publish=True, units=["KKT"])
    assert_problem(api("staff").get(f"/api/v1/decisions/{restricted}/lines"), 404)
