"""/documents: the same rights as the documents pages — restricted or draft documents are 404
to those outside them, changes are the secretariat's."""

import unicodedata

from sqlalchemy import select

from intranet.audit.models import AuditEntry
from intranet.documents.models import Document
from intranet.extensions import db
from tests.api.conftest import assert_problem, document_status, unit_ids

NEW = {
    "kind": "KH",
    "number_symbol": "40/KH-CĐBP",
    "issued_on": "2024-02-01",
    "summary": "Tổ chức phong trào thi đua năm 2024",
}


def test_list_shows_what_the_reader_may_open(api, make_document):
    make_document("36/KH-CĐBP", publish=True)
    make_document("12/TB-CĐBP", publish=True, units=["KKT"])
    make_document("13/TB-CĐBP")  # a draft
    staff = api("staff").get("/api/v1/documents").get_json()
    assert [d["symbol"] for d in staff["items"]] == ["36/KH-CĐBP"]
    other = api("other_staff").get("/api/v1/documents").get_json()
    assert {d["symbol"] for d in other["items"]} == {"36/KH-CĐBP", "12/TB-CĐBP"}
    secretariat = api("secretariat").get("/api/v1/documents").get_json()
    assert secretariat["total"] == 3


def test_list_filters_sorts_and_pages(api, make_document):
    for number in range(1, 6):
        make_document(f"{number}/KH-CĐBP", publish=number != 5)
    make_document("07/TB-CĐBP", publish=True)
    client = api("secretariat")
    page = client.get(
        "/api/v1/documents?kind=KH&status=published&sort=number&per_page=2"
    ).get_json()
    assert page["total"] == 4 and page["pages"] == 2 and page["per_page"] == 2
    assert [d["number"] for d in page["items"]] == [1, 2]
    second = client.get("/api/v1/documents?kind=KH&status=published&sort=number&per_page=2&page=2")
    assert [d["number"] for d in second.get_json()["items"]] == [3, 4]
    descending = client.get("/api/v1/documents?kind=KH&sort=-number").get_json()
    assert descending["items"][0]["number"] == 5
    assert client.get("/api/v1/documents?year=2023").get_json()["total"] == 6
    assert client.get("/api/v1/documents?year=2020").get_json()["total"] == 0
    assert client.get("/api/v1/documents?q=KH-CDBP").get_json()["total"] == 5


def test_list_refuses_unknown_sort_and_kind(api):
    assert_problem(api("staff").get("/api/v1/documents?sort=password"), 422)
    assert_problem(api("staff").get("/api/v1/documents?kind=XYZ"), 422)


def test_restricted_document_is_404_like_a_missing_one(api, make_document):
    document_id = make_document("12/TB-CĐBP", publish=True, units=["KKT"])
    missing = api("staff").get("/api/v1/documents/9999").get_json()
    hidden = api("staff").get(f"/api/v1/documents/{document_id}")
    assert assert_problem(hidden, 404) == missing
    assert api("other_staff").get(f"/api/v1/documents/{document_id}").status_code == 200


def test_draft_is_404_to_staff_and_visible_to_inspector(api, make_document):
    document_id = make_document()
    assert_problem(api("staff").get(f"/api/v1/documents/{document_id}"), 404)
    body = api("inspector").get(f"/api/v1/documents/{document_id}").get_json()
    assert body["status"] == "draft" and body["created_by"]["username"] == "thuongtruc"


def test_secretariat_creates_a_draft_with_iso_dates_and_nfc_text(app, api):
    decomposed = unicodedata.normalize("NFD", "Kế hoạch thi đua")
    body = dict(
        NEW, summary=decomposed, audience_all=False, audience_units=[unit_ids(app)["KCNTT"]]
    )
    response = api("secretariat").post("/api/v1/documents", json=body)
    assert response.status_code == 201, response.get_data(as_text=True)
    created = response.get_json()
    assert created["status"] == "draft" and created["symbol"] == "40/KH-CĐBP"
    assert created["summary"] == unicodedata.normalize("NFC", "Kế hoạch thi đua")
    assert created["issued_on"] == "2024-02-01"
    assert created["created_at"].endswith("+00:00")
    assert [u["code"] for u in created["audience_units"]] == ["KCNTT"]
    assert "Kế hoạch" in response.get_data(as_text=True)  # UTF-8, not \\u escapes


def test_staff_may_not_create_a_document(api):
    assert_problem(api("staff").post("/api/v1/documents", json=NEW), 403)


def test_fields_set_by_the_app_are_refused(api):
    for field, value in (("status", "published"), ("created_by_id", 1), ("id", 5)):
        body = assert_problem(
            api("secretariat").post("/api/v1/documents", json=dict(NEW, **{field: value})), 422
        )
        assert field in body["detail"]


def test_rule_of_the_service_is_a_422_with_its_message(api, make_document):
    make_document("40/KH-CĐBP", issued_on=__import__("datetime").date(2024, 1, 5))
    body = assert_problem(api("secretariat").post("/api/v1/documents", json=NEW), 422)
    assert "40" in body["detail"] and "41" in body["detail"]


def test_unknown_unit_is_refused(api):
    body = assert_problem(
        api("secretariat").post("/api/v1/documents", json=dict(NEW, unit_id=999)), 422
    )
    assert "unit_id" in body["errors"]


def test_secretariat_updates_a_draft_partially(api, make_document):
    document_id = make_document()
    client = api("secretariat")
    before = client.get(f"/api/v1/documents/{document_id}").get_json()
    response = client.patch(
        f"/api/v1/documents/{document_id}",
        json={"summary": "Trích yếu mới", "version": before["version"]},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    after = response.get_json()
    assert after["summary"] == "Trích yếu mới"
    assert after["symbol"] == before["symbol"] and after["version"] == before["version"] + 1


def summary_of(app, document_id: int) -> str:
    with app.app_context():
        return db.session.get(Document, document_id).summary


def test_update_on_a_stale_version_is_409_and_nothing_is_saved(app, api, make_document):
    document_id = make_document(summary="Bản gốc")
    client = api("secretariat")
    version = client.get(f"/api/v1/documents/{document_id}").get_json()["version"]
    first = client.patch(
        f"/api/v1/documents/{document_id}", json={"summary": "Lần một", "version": version}
    )
    assert first.status_code == 200, first.get_data(as_text=True)
    stale = client.patch(
        f"/api/v1/documents/{document_id}", json={"summary": "Lần hai", "version": version}
    )
    assert_problem(stale, 409)
    assert summary_of(app, document_id) == "Lần một"


def test_update_without_a_version_is_428_and_nothing_is_saved(app, api, make_document):
    document_id = make_document(summary="Bản gốc")
    response = api("secretariat").patch(
        f"/api/v1/documents/{document_id}", json={"summary": "Ghi đè"}
    )
    body = assert_problem(response, 428)
    assert "If-Match" in body["detail"]
    assert summary_of(app, document_id) == "Bản gốc"


def test_update_takes_the_version_from_if_match(app, api, make_document):
    document_id = make_document(summary="Bản gốc")
    client = api("secretariat")
    version = client.get(f"/api/v1/documents/{document_id}").get_json()["version"]
    path = f"/api/v1/documents/{document_id}"
    headers = {"If-Match": f'"{version}"'}
    response = client.patch(path, json={"summary": "Theo If-Match"}, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert_problem(client.patch(path, json={"summary": "Cũ"}, headers=headers), 409)
    assert summary_of(app, document_id) == "Theo If-Match"


def test_patch_documents_the_version_it_requires(api):
    spec = api("staff").get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/documents/{document_id}"]["patch"]
    assert {"409", "428"} <= set(operation["responses"])
    assert any(p["name"] == "If-Match" for p in operation.get("parameters", []))


def test_outsider_gets_404_for_a_restricted_document_and_the_refusal_is_in_the_trail(
    app, api, users, make_document
):
    document_id = make_document(publish=True, units=["KKT"])
    staff = api("staff")
    assert_problem(staff.get(f"/api/v1/documents/{document_id}"), 404)
    assert_problem(
        staff.patch(f"/api/v1/documents/{document_id}", json={"summary": "x", "version": 1}), 404
    )
    with app.app_context():
        denied = (
            db.session.execute(select(AuditEntry).where(AuditEntry.action == "denied"))
            .scalars()
            .all()
        )
    assert [(e.record_type, e.record_id, e.actor_id) for e in denied][:1] == [
        ("document", document_id, users["staff"])
    ]


def test_reader_who_may_not_edit_gets_403_and_it_is_in_the_trail(app, api, users, make_document):
    document_id = make_document()  # a draft: the leader reads it, only the secretariat edits
    response = api("leader").patch(
        f"/api/v1/documents/{document_id}", json={"summary": "x", "version": 1}
    )
    assert_problem(response, 403)
    with app.app_context():
        entry = db.session.execute(
            select(AuditEntry).where(AuditEntry.action == "denied")
        ).scalar_one()
    assert (entry.record_type, entry.record_id, entry.actor_id) == (
        "document",
        document_id,
        users["leader"],
    )
    assert "edit" in entry.summary


def test_published_document_cannot_be_patched(api, make_document):
    document_id = make_document(publish=True)
    for who in ("secretariat", "staff"):
        response = api(who).patch(f"/api/v1/documents/{document_id}", json={"summary": "x"})
        assert_problem(response, 409)
        assert "Văn bản đã ban hành không sửa được" in response.get_json()["detail"]


def test_submit_sign_issue_and_return(app, api, make_document):
    secretariat, leader = api("secretariat"), api("leader")
    body = dict(NEW, kind="KH", number_symbol="…/KH-CĐBP")
    draft = secretariat.post("/api/v1/documents", json=body).get_json()["id"]
    assert_problem(secretariat.post(f"/api/v1/documents/{draft}/publish"), 403)  # not signed
    assert secretariat.post(f"/api/v1/documents/{draft}/submit").get_json()["status"] == (
        "submitted"
    )
    assert_problem(leader.post(f"/api/v1/documents/{draft}/return", json={"reason": ""}), 422)
    returned = leader.post(f"/api/v1/documents/{draft}/return", json={"reason": "Sửa lại"})
    assert returned.get_json()["status"] == "draft"
    assert returned.get_json()["status_note"] == "Sửa lại"
    secretariat.post(f"/api/v1/documents/{draft}/submit")
    sign = {"signer_authority": "KT. HIỆU TRƯỞNG", "signer_title": "PHÓ HIỆU TRƯỞNG"}
    assert_problem(secretariat.post(f"/api/v1/documents/{draft}/sign", json=sign), 403)
    assert leader.post(f"/api/v1/documents/{draft}/sign", json=sign).get_json()["status"] == (
        "signed"
    )
    issued = secretariat.post(f"/api/v1/documents/{draft}/publish").get_json()
    assert issued["status"] == "published" and issued["number"] == 1
    assert_problem(secretariat.post(f"/api/v1/documents/{draft}/publish"), 409)
    assert document_status(app, draft) == "published"


def test_revoke_and_supersede_are_refused_directly(api, make_document):
    draft = make_document("36/KH-CĐBP")
    published = make_document("37/KH-CĐBP", publish=True)
    for who in ("secretariat", "staff"):
        client = api(who)
        revoke = client.post(f"/api/v1/documents/{published}/revoke", json={"reason": "x"})
        assert_problem(revoke, 409)
        supersede = client.post(
            f"/api/v1/documents/{published}/supersede", json={"replacement_id": published}
        )
        assert_problem(supersede, 409)
    revoke = api("secretariat").post(f"/api/v1/documents/{draft}/revoke", json={"reason": "x"})
    assert_problem(revoke, 403)
    assert_problem(api("staff").post(f"/api/v1/documents/{draft}/publish"), 404)  # unseen


def test_reader_marks_a_document_read(api, make_document):
    document_id = make_document(publish=True)
    staff = api("staff")
    assert staff.get(f"/api/v1/documents/{document_id}").get_json()["has_read"] is False
    assert staff.post(f"/api/v1/documents/{document_id}/read").status_code == 204
    assert staff.get(f"/api/v1/documents/{document_id}").get_json()["has_read"] is True


def test_restricted_document_cannot_be_marked_read_by_outsider(api, make_document):
    document_id = make_document(publish=True, units=["KKT"])
    assert_problem(api("staff").post(f"/api/v1/documents/{document_id}/read"), 404)


def test_basis_links_only_to_documents_the_reader_may_open(app, api, make_document):
    make_document("05/TB-CĐBP", publish=True, units=["KKT"])
    client = api("secretariat")
    body = dict(NEW, basis=["Căn cứ Thông báo số 05/TB-CĐBP"])
    created = client.post("/api/v1/documents", json=body).get_json()
    client.post(f"/api/v1/documents/{created['id']}/submit")
    api("leader").post(f"/api/v1/documents/{created['id']}/sign", json={"signer_title": "HT"})
    client.post(f"/api/v1/documents/{created['id']}/publish")
    assert created["basis"][0]["document_id"] is not None
    seen_by_staff = api("staff").get(f"/api/v1/documents/{created['id']}").get_json()
    assert seen_by_staff["basis"] == [
        {"text": "Căn cứ Thông báo số 05/TB-CĐBP", "implements": False, "document_id": None}
    ]
