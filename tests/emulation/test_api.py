"""The API of the emulation year answers as the pages do: the same rules, the same messages."""

import pytest

from intranet.accounts import tokens
from intranet.emulation import services
from tests.emulation.conftest import YEAR, minutes, rating_id, user


@pytest.fixture
def api(app, people):
    """api("staff") -> a test client and the headers of a Bearer token of that person."""

    def make(key: str):
        with app.app_context():
            _token, secret = tokens.create_token(user(people[key]), "kiểm thử", 30)
        return app.test_client(), {"Authorization": f"Bearer {secret}"}

    return make


def call(api, key, method, path, **kwargs):
    client, headers = api(key)
    return client.open(path, method=method, headers=headers, **kwargs)


def test_movements_and_criteria_follow_the_rules(app, people, movement, api):
    listed = call(api, "other_staff", "GET", "/api/v1/movements").get_json()
    assert [m["id"] for m in listed["items"]] == [movement]
    written = call(
        api,
        "unit_head",
        "POST",
        f"/api/v1/movements/{movement}/criteria",
        json={"title": "Tiêu chí CNTT", "body": "Dạy tốt"},
    )
    assert written.status_code == 201 and written.get_json()["version"] == 1
    criteria_id = written.get_json()["id"]
    assert call(api, "staff", "GET", f"/api/v1/criteria/{criteria_id}").status_code == 200
    assert call(api, "other_staff", "GET", f"/api/v1/criteria/{criteria_id}").status_code == 404
    mine = call(api, "other_staff", "GET", f"/api/v1/movements/{movement}/criteria").get_json()
    assert mine["total"] == 0
    refused = call(
        api,
        "staff",
        "POST",
        f"/api/v1/movements/{movement}/criteria",
        json={"title": "X", "body": "Y"},
    )
    assert refused.status_code == 403
    launch = call(
        api,
        "unit_head",
        "POST",
        "/api/v1/movements",
        json={
            "name": "X",
            "document_id": 1,
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "unit_ids": [1],
        },
    )
    assert launch.status_code == 403


def test_registrations_are_made_confirmed_and_hidden_from_another_unit(app, people, api, catalogue):
    title = catalogue("title", "Lao động tiên tiến")
    made = call(
        api,
        "staff",
        "POST",
        "/api/v1/registrations",
        json={"year": YEAR, "title_id": title, "commitments": "Dạy tốt"},
    )
    assert made.status_code == 201, made.get_json()
    registration_id = made.get_json()["id"]
    again = call(
        api,
        "staff",
        "POST",
        "/api/v1/registrations",
        json={"year": YEAR, "title_id": title, "commitments": "Lần nữa"},
    )
    assert again.status_code == 422 and "Đã đăng ký thi đua năm" in again.get_json()["detail"]
    path = f"/api/v1/registrations/{registration_id}"
    assert call(api, "other_staff", "GET", path).status_code == 404
    assert call(api, "kkt_head", "POST", f"{path}/confirm").status_code == 404
    assert call(api, "staff", "POST", f"{path}/confirm").status_code == 403
    confirmed = call(api, "unit_head", "POST", f"{path}/confirm")
    assert confirmed.get_json()["status"] == "confirmed"
    school = call(api, "secretariat", "GET", f"/api/v1/registrations?year={YEAR}").get_json()
    assert school["total"] == 1
    other = call(api, "other_staff", "GET", f"/api/v1/registrations?year={YEAR}").get_json()
    assert other["total"] == 0


def test_evaluations_are_seen_by_the_person_and_the_head_only(app, people, api):
    with app.app_context():
        head = user(people["unit_head"])
        good = rating_id("Hoàn thành tốt")
        services.record_round(
            head, YEAR, 1, [services.Result(people["staff"], good, "Tốt")], minutes()
        )
        services.record_round(
            head, YEAR, 2, [services.Result(people["colleague"], good)], minutes()
        )
    own = call(api, "staff", "GET", f"/api/v1/evaluations?year={YEAR}").get_json()
    assert [(e["quarter"], e["rating"]["name"]) for e in own["items"]] == [(1, "Hoàn thành tốt")]
    assert (
        call(api, "unit_head", "GET", f"/api/v1/evaluations?year={YEAR}").get_json()["total"] == 2
    )
    assert (
        call(api, "other_staff", "GET", f"/api/v1/evaluations?year={YEAR}").get_json()["total"] == 0
    )
    evaluation_id = own["items"][0]["id"]
    assert call(api, "colleague", "GET", f"/api/v1/evaluations/{evaluation_id}").status_code == 404
    assert call(api, "kkt_head", "GET", f"/api/v1/evaluations/{evaluation_id}").status_code == 404
    assert call(api, "inspector", "GET", f"/api/v1/evaluations/{evaluation_id}").status_code == 200
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    assert {"/api/v1/movements", "/api/v1/registrations", "/api/v1/evaluations"} <= set(
        spec["paths"]
    )


def test_a_nominations_criteria_through_the_api(app, people, movement, api):
    from intranet.emulation.models import Movement
    from intranet.exemplars import services as exemplars
    from intranet.extensions import db
    from tests import factories

    with app.app_context():
        head = user(people["unit_head"])
        criteria = services.write_criteria(
            db.session.get(Movement, movement), "Tiêu chí CNTT", "Dạy tốt\nHọc tốt", head
        )
        staff = user(people["staff"])
        nomination = factories.exemplar(staff, year=YEAR, person_id=staff.id)
        factories.evidence(nomination, staff)
        nomination_id, criteria_id = nomination.id, criteria.id
    path = f"/api/v1/exemplars/{nomination_id}/criteria"
    empty = call(api, "staff", "GET", path).get_json()
    assert empty == {"criteria": None, "movement": None, "items": []}
    wrong = call(api, "staff", "PUT", path, json={"criteria_id": 999999})
    assert wrong.status_code == 422 and "đơn vị mình" in wrong.get_json()["detail"]
    chosen = call(api, "staff", "PUT", path, json={"criteria_id": criteria_id}).get_json()
    assert chosen["criteria"]["version"] == 1 and [i["text"] for i in chosen["items"]] == [
        "Dạy tốt",
        "Học tốt",
    ]
    checks = {"verdicts": [{"position": 0, "met": True}, {"position": 1, "met": False}]}
    assert call(api, "staff", "POST", f"{path}/checks", json=checks).status_code == 403
    with app.app_context():
        from intranet.exemplars.models import Exemplar

        submitted = db.session.get(Exemplar, nomination_id)
        exemplars.take_step(submitted, "submit", user(people["staff"]))
    no_note = call(api, "unit_head", "POST", f"{path}/checks", json=checks)
    assert no_note.status_code == 422 and "Học tốt" in no_note.get_json()["detail"]
    checks["verdicts"][1]["note"] = "Chưa đủ"
    done = call(api, "unit_head", "POST", f"{path}/checks", json=checks).get_json()
    assert [(i["met"], i["note"]) for i in done["items"]] == [(True, ""), (False, "Chưa đủ")]
    assert call(api, "other_staff", "GET", path).status_code == 404
    assert call(api, "kkt_head", "GET", path).status_code == 404
