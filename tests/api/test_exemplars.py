"""/exemplars and their evidence: the owner, the unit head and the secretariat, each with the
rights the pages give them; evidence is personal data, 404 to everyone else."""

from tests.api.conftest import assert_problem, evidence_of

NOMINATION = {
    "subject": "individual",
    "year": 2024,
    "achievement": "Hoàn thành xuất sắc nhiệm vụ",
    "name": "Trần Văn Bình",
}
EVIDENCE = {"file": ("bằng khen.txt", "Bằng khen của UBND tỉnh\n".encode())}


def test_staff_nominates_in_their_own_unit(api):
    response = api("staff").post("/api/v1/exemplars", json=NOMINATION)
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["unit"]["code"] == "KCNTT" and body["owner"]["username"] == "canbo"
    assert body["stage"] == "draft" and body["may_edit"] is True
    assert "submit" in body["steps"]
    assert body["events"][0]["to_stage"] == "draft"


def test_unit_owner_and_stage_cannot_be_set(api):
    for field, value in (("unit_id", 1), ("owner_id", 2), ("stage", "recognised")):
        body = assert_problem(
            api("staff").post("/api/v1/exemplars", json=dict(NOMINATION, **{field: value})), 422
        )
        assert body["errors"] == {field: ["Không được đặt trường này."]}


def test_nomination_is_404_outside_those_who_may_see_it(api, make_exemplar):
    draft = make_exemplar()
    submitted = make_exemplar(stage="submitted", name="Lê Thị Hoa")
    assert_problem(api("other_staff").get(f"/api/v1/exemplars/{submitted}"), 404)
    assert_problem(api("unit_head").get(f"/api/v1/exemplars/{draft}"), 404)  # a draft
    assert api("unit_head").get(f"/api/v1/exemplars/{submitted}").status_code == 200
    assert api("inspector").get(f"/api/v1/exemplars/{draft}").status_code == 200


def test_list_by_queue_and_filters(api, make_exemplar):
    make_exemplar()
    make_exemplar(stage="submitted", name="Lê Thị Hoa")
    make_exemplar(stage="endorsed", name="Phạm Văn An")
    staff = api("staff").get("/api/v1/exemplars?queue=mine").get_json()
    assert staff["total"] == 3
    head = api("unit_head").get("/api/v1/exemplars?queue=unit").get_json()
    assert [e["name"] for e in head["items"]] == ["Lê Thị Hoa"]
    school = api("secretariat").get("/api/v1/exemplars?queue=school").get_json()
    assert [e["name"] for e in school["items"]] == ["Phạm Văn An"]
    by_stage = api("secretariat").get("/api/v1/exemplars?stage=draft&sort=name").get_json()
    assert by_stage["total"] == 1
    assert api("other_staff").get("/api/v1/exemplars").get_json()["total"] == 0
    assert api("secretariat").get("/api/v1/exemplars?q=hoa").get_json()["total"] == 1


def test_queue_the_reader_has_not_is_403(api):
    assert_problem(api("staff").get("/api/v1/exemplars?queue=unit"), 403)
    assert_problem(api("staff").get("/api/v1/exemplars?queue=school"), 403)


def test_owner_updates_a_draft_others_may_not(api, make_exemplar):
    exemplar_id = make_exemplar()
    response = api("staff").patch(
        f"/api/v1/exemplars/{exemplar_id}", json={"achievement": "Thành tích mới", "version": 1}
    )
    assert response.status_code == 200 and response.get_json()["achievement"] == "Thành tích mới"
    assert_problem(
        api("secretariat").patch(f"/api/v1/exemplars/{exemplar_id}", json={"achievement": "x"}), 403
    )
    assert_problem(
        api("other_staff").patch(f"/api/v1/exemplars/{exemplar_id}", json={"achievement": "x"}), 404
    )


def test_stale_update_is_409(api, make_exemplar):
    exemplar_id = make_exemplar()
    assert_problem(
        api("staff").patch(
            f"/api/v1/exemplars/{exemplar_id}", json={"achievement": "x", "version": 99}
        ),
        409,
    )


def test_steps_by_the_right_people(api, make_exemplar):
    exemplar_id = make_exemplar()
    staff, head = api("staff"), api("unit_head")
    assert_problem(head.post(f"/api/v1/exemplars/{exemplar_id}/steps/submit", json={}), 404)
    body = staff.post(f"/api/v1/exemplars/{exemplar_id}/steps/submit").get_json()
    assert body["stage"] == "submitted"
    assert_problem(staff.post(f"/api/v1/exemplars/{exemplar_id}/steps/endorse", json={}), 403)
    refused = head.post(f"/api/v1/exemplars/{exemplar_id}/steps/endorse", json={})
    assert "minh chứng" in assert_problem(refused, 422)["detail"]
    returned = head.post(
        f"/api/v1/exemplars/{exemplar_id}/steps/return", json={"note": "Bổ sung số liệu"}
    ).get_json()
    assert returned["stage"] == "returned"
    assert returned["events"][-1]["note"] == "Bổ sung số liệu"


def test_secretariat_recognises_an_endorsed_nomination(api, make_exemplar):
    exemplar_id = make_exemplar(stage="endorsed")
    assert_problem(api("unit_head").post(f"/api/v1/exemplars/{exemplar_id}/steps/recognise"), 403)
    body = api("secretariat").post(f"/api/v1/exemplars/{exemplar_id}/steps/recognise").get_json()
    assert body["stage"] == "recognised"


def test_unknown_step_is_404(api, make_exemplar):
    exemplar_id = make_exemplar()
    assert_problem(api("staff").post(f"/api/v1/exemplars/{exemplar_id}/steps/approve"), 404)


def test_owner_uploads_evidence_others_may_not(api, make_exemplar):
    exemplar_id = make_exemplar()
    response = api("staff").upload(
        f"/api/v1/exemplars/{exemplar_id}/evidence",
        EVIDENCE,
        {"title": "Bằng khen", "evidence_date": "2024-05-20"},
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["title"] == "Bằng khen" and body["review"] == "pending"
    assert body["evidence_date"] == "2024-05-20"
    assert_problem(
        api("secretariat").upload(f"/api/v1/exemplars/{exemplar_id}/evidence", EVIDENCE), 403
    )
    assert_problem(
        api("other_staff").upload(f"/api/v1/exemplars/{exemplar_id}/evidence", EVIDENCE), 404
    )


def test_evidence_upload_refuses_unknown_fields(api, make_exemplar):
    exemplar_id = make_exemplar()
    response = api("staff").upload(
        f"/api/v1/exemplars/{exemplar_id}/evidence", EVIDENCE, {"review": "accepted"}
    )
    assert "review" in assert_problem(response, 422)["detail"]


def test_evidence_is_personal_data(app, api, make_exemplar):
    exemplar_id = make_exemplar(stage="submitted")
    evidence_id = evidence_of(app, exemplar_id)
    for key in ("staff", "unit_head", "secretariat", "inspector", "leader"):
        client = api(key)
        assert client.get(f"/api/v1/evidence/{evidence_id}").status_code == 200, key
        listed = client.get(f"/api/v1/exemplars/{exemplar_id}/evidence").get_json()
        assert listed["total"] == 1, key
        download = client.get(f"/api/v1/evidence/{evidence_id}/download")
        assert download.status_code == 200 and download.data.startswith("Giấy".encode())
    for key in ("other_staff", "admin"):
        client = api(key)
        assert_problem(client.get(f"/api/v1/evidence/{evidence_id}"), 404)
        assert_problem(client.get(f"/api/v1/evidence/{evidence_id}/download"), 404)
        assert_problem(client.get(f"/api/v1/exemplars/{exemplar_id}/evidence"), 404)


def test_unit_head_reviews_evidence_staff_may_not(app, api, make_exemplar):
    exemplar_id = make_exemplar(stage="submitted")
    evidence_id = evidence_of(app, exemplar_id)
    path = f"/api/v1/evidence/{evidence_id}/review"
    assert_problem(api("staff").post(path, json={"verdict": "accepted"}), 403)
    assert_problem(api("other_staff").post(path, json={"verdict": "accepted"}), 404)
    assert_problem(api("unit_head").post(path, json={"verdict": "rejected"}), 422)  # no note
    body = api("unit_head").post(path, json={"verdict": "accepted", "note": "Đúng"}).get_json()
    assert body["review"] == "accepted" and body["reviewer"]["username"] == "truongkhoa"
    listed = api("staff").get(f"/api/v1/exemplars/{exemplar_id}/evidence?review=accepted")
    assert listed.get_json()["total"] == 1


# One rule, one place: propagated nominations, versions, queues, the trail ---------------------


def test_owner_updates_with_the_version_in_if_match(api, make_exemplar):
    exemplar_id = make_exemplar()
    staff = api("staff")
    got = staff.get(f"/api/v1/exemplars/{exemplar_id}")
    etag = got.headers["ETag"]
    assert etag == f'"{got.get_json()["version"]}"'

    response = staff.patch(
        f"/api/v1/exemplars/{exemplar_id}", json={"achievement": "Mới"}, headers={"If-Match": etag}
    )

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["achievement"] == "Mới"
    assert response.headers["ETag"] != etag


def test_patch_without_a_version_is_428_and_saves_nothing(api, make_exemplar):
    exemplar_id = make_exemplar()
    staff = api("staff")

    assert_problem(staff.patch(f"/api/v1/exemplars/{exemplar_id}", json={"achievement": "x"}), 428)

    body = staff.get(f"/api/v1/exemplars/{exemplar_id}").get_json()
    assert body["achievement"] == "Hoàn thành xuất sắc nhiệm vụ giảng dạy"
    assert body["version"] == 1


def test_stale_patch_is_409_and_saves_nothing(api, make_exemplar):
    exemplar_id = make_exemplar()
    staff = api("staff")
    first = staff.patch(f"/api/v1/exemplars/{exemplar_id}", json={"name": "A", "version": 1})
    assert first.status_code == 200

    stale = staff.patch(
        f"/api/v1/exemplars/{exemplar_id}", json={"name": "B"}, headers={"If-Match": '"1"'}
    )

    assert_problem(stale, 409)
    assert staff.get(f"/api/v1/exemplars/{exemplar_id}").get_json()["name"] == "A"


def test_the_openapi_documents_428_on_patch(app):
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    patch = spec["paths"]["/api/v1/exemplars/{exemplar_id}"]["patch"]
    assert {"409", "428"} <= set(patch["responses"])
    assert any(p["name"] == "If-Match" for p in patch.get("parameters", []))


def _propagated(api, make_exemplar) -> int:
    exemplar_id = make_exemplar(stage="recognised", name="Nguyễn Văn Bình")
    activity = {"channel": "board", "held_on": "2024-12-01", "audience": "Toàn trường"}
    response = api("secretariat").post(f"/api/v1/exemplars/{exemplar_id}/activities", json=activity)
    assert response.status_code == 201, response.get_json()
    assert api("secretariat").get(f"/api/v1/exemplars/{exemplar_id}").get_json()["stage"] == (
        "propagated"
    )
    return exemplar_id


def test_a_propagated_nomination_is_public_but_its_evidence_is_not(app, api, make_exemplar):
    exemplar_id = _propagated(api, make_exemplar)
    evidence_id = evidence_of(app, exemplar_id)
    other = api("other_staff")  # staff of another unit

    body = other.get(f"/api/v1/exemplars/{exemplar_id}").get_json()
    assert body["name"] == "Nguyễn Văn Bình"
    assert body["may_see_evidence"] is False and body["may_edit"] is False
    listed = other.get("/api/v1/exemplars?stage=propagated").get_json()
    assert [e["id"] for e in listed["items"]] == [exemplar_id]
    assert_problem(other.get(f"/api/v1/exemplars/{exemplar_id}/evidence"), 403)
    assert_problem(other.get(f"/api/v1/evidence/{evidence_id}"), 404)
    assert_problem(other.get(f"/api/v1/evidence/{evidence_id}/download"), 404)
    owner = api("staff").get(f"/api/v1/exemplars/{exemplar_id}").get_json()
    assert owner["may_see_evidence"] is True


def test_a_refused_queue_is_written_to_the_trail(app, api):
    from sqlalchemy import select

    from intranet.audit.models import AuditEntry
    from intranet.extensions import db

    assert_problem(api("staff").get("/api/v1/exemplars?queue=unit"), 403)

    with app.app_context():
        entries = (
            db.session.execute(select(AuditEntry).where(AuditEntry.action == "denied"))
            .scalars()
            .all()
        )
        assert [(e.actor_username, e.record_type) for e in entries] == [("canbo", "exemplar_queue")]


def test_the_reuse_of_a_file_names_only_nominations_the_reader_may_open(app, api, make_exemplar):
    # make_exemplar uploads the same text file each time: three nominations, one file.
    own = make_exemplar(stage="submitted", name="Của Khoa CNTT")
    make_exemplar("other_staff", stage="submitted", name="Của Khoa Kinh tế")
    make_exemplar(name="Dự thảo thứ hai")  # the owner's own draft: the head may not open it
    evidence_id = evidence_of(app, own)

    def named(key: str) -> list[str]:
        body = api(key).get(f"/api/v1/evidence/{evidence_id}").get_json()
        return [r["name"] for r in body["reused_in"]]

    assert named("unit_head") == []  # the KKT nomination is 404 to the KCNTT head, the draft too
    assert named("staff") == ["Dự thảo thứ hai"]  # the owner: their own, not the other unit's
    assert named("secretariat") == ["Của Khoa Kinh tế", "Dự thảo thứ hai"]
