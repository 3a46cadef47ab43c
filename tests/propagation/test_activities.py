"""An exemplar becomes "propagated" by its first recorded activity, not by a button; other units
record that they adopted its practice; who may do each."""

from sqlalchemy import select

from intranet.exemplars.models import Exemplar, ExemplarEvent, Stage
from intranet.extensions import db
from intranet.propagation.models import Activity, Adoption
from tests.conftest import post_form, unit_id
from tests.propagation.conftest import stage_of

ACTIVITY = {
    "channel": "meeting",
    "held_on": "2024-10-12",
    "audience": "Hội nghị viên chức Khoa",
    "reach": "45",
}


def test_a_recognised_exemplar_is_not_propagated_until_its_first_activity(
    app, sign_in, api, recognised
):
    head = sign_in("unit_head")
    page = head.get(f"/propagation/exemplar/{recognised}").get_data(as_text=True)
    assert stage_of(app, recognised) == "recognised"
    assert "Chưa có hoạt động tuyên truyền nào" in page
    # There is no step to take by hand, in the pages or the API.
    assert "/steps/propagate" not in head.get(f"/exemplars/{recognised}").get_data(as_text=True)
    assert (
        api("unit_head").post(f"/api/v1/exemplars/{recognised}/steps/propagate").status_code == 404
    )

    path = f"/propagation/exemplar/{recognised}/activities/new"
    data = ACTIVITY | {"unit_id": str(unit_id(app, "KCNTT"))}
    response = post_form(head, path, data)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert stage_of(app, recognised) == "propagated"

    post_form(head, path, data | {"channel": "board", "held_on": "2024-11-01"})
    with app.app_context():
        events = db.session.execute(
            select(ExemplarEvent).where(
                ExemplarEvent.exemplar_id == recognised, ExemplarEvent.to_stage == Stage.PROPAGATED
            )
        ).scalars()
        (event,) = list(events)  # one event: later activities do not move it again
        assert "Báo cáo điển hình tại hội nghị đơn vị/trường" in event.note
        assert db.session.query(Activity).count() == 2
    page = sign_in("other_staff").get(f"/propagation/exemplar/{recognised}").get_data(as_text=True)
    assert "Hội nghị viên chức Khoa" in page and "45 người tiếp cận" in page


def test_an_activity_is_refused_before_recognition_and_to_those_not_propagating(
    app, sign_in, make_draft_endorsed
):
    exemplar_id = make_draft_endorsed
    path = f"/propagation/exemplar/{exemplar_id}/activities/new"
    response = post_form(sign_in("secretariat"), path, ACTIVITY, follow_redirects=True)
    assert "Chỉ tuyên truyền được điển hình đã công nhận" in response.get_data(as_text=True)
    assert stage_of(app, exemplar_id) == "endorsed"


def test_staff_and_another_units_head_may_not_record_an_activity(app, sign_in, api, recognised):
    path = f"/propagation/exemplar/{recognised}/activities/new"
    for who in ("staff", "kkt_head", "inspector"):
        assert sign_in(who).get(path).status_code in (403, 404), who
    body = {"channel": "board", "held_on": "2024-12-01", "audience": "Toàn trường"}
    assert api("kkt_head").post(
        f"/api/v1/exemplars/{recognised}/activities", json=body
    ).status_code in (
        403,
        404,
    )
    assert stage_of(app, recognised) == "recognised"


def test_an_activity_with_bad_values_is_refused_with_a_message(app, api, recognised):
    client = api("secretariat")
    url = f"/api/v1/exemplars/{recognised}/activities"
    for body in (
        {"channel": "tv", "held_on": "2024-12-01", "audience": "A"},
        {"channel": "board", "held_on": "2999-12-01", "audience": "A"},
        {"channel": "board", "held_on": "2024-12-01", "audience": "A", "link": "javascript:x"},
        {"channel": "board", "held_on": "2024-12-01", "audience": "A" * 301},
    ):
        assert client.post(url, json=body).status_code == 422, body
    assert stage_of(app, recognised) == "recognised"


def test_another_unit_records_its_adoption_seen_per_exemplar_and_per_unit(app, sign_in, recognised):
    secretariat = sign_in("secretariat")
    post_form(secretariat, f"/propagation/exemplar/{recognised}/activities/new", ACTIVITY)
    adoption = {
        "practice": "Áp dụng cách hướng dẫn sinh viên thi kỹ năng nghề.",
        "adopted_on": "2025-03-03",
        "result": "02 sinh viên đạt giải Ba cấp tỉnh.",
    }
    path = f"/propagation/exemplar/{recognised}/adoptions"
    # Its own unit does not "replicate" it; staff may not record for their unit.
    post_form(
        sign_in("unit_head"), path, adoption, token_from=f"/propagation/exemplar/{recognised}"
    )
    post_form(sign_in("other_staff"), path, adoption, token_from="/propagation/")
    with app.app_context():
        assert db.session.query(Adoption).count() == 0

    kkt_head = sign_in("kkt_head")
    post_form(kkt_head, path, adoption, token_from=f"/propagation/exemplar/{recognised}")
    with app.app_context():
        (saved,) = db.session.execute(select(Adoption)).scalars()
        assert saved.unit.code == "KKT" and saved.year == 2025
    page = kkt_head.get(f"/propagation/exemplar/{recognised}").get_data(as_text=True)
    assert "02 sinh viên đạt giải Ba cấp tỉnh." in page
    kkt = unit_id(app, "KKT")
    page = sign_in("staff").get(f"/propagation/unit/{kkt}/adoptions").get_data(as_text=True)
    assert "Nguyễn Văn Bình" in page and "Áp dụng cách hướng dẫn" in page


def test_the_api_lists_activities_and_adoptions(app, api, recognised):
    body = {"channel": "website", "held_on": "2024-12-01", "audience": "Sinh viên", "reach": 900}
    created = api("secretariat").post(f"/api/v1/exemplars/{recognised}/activities", json=body)
    assert created.status_code == 201 and created.get_json()["channel"] == "website"
    listed = api("other_staff").get(f"/api/v1/exemplars/{recognised}/activities").get_json()
    assert [a["reach"] for a in listed["items"]] == [900]
    adoption = {"practice": "Cách làm", "adopted_on": "2025-01-10"}
    response = api("kkt_head").post(f"/api/v1/exemplars/{recognised}/adoptions", json=adoption)
    assert response.status_code == 201 and response.get_json()["unit"]["code"] == "KKT"
    with app.app_context():
        assert db.session.get(Exemplar, recognised).stage == Stage.PROPAGATED
