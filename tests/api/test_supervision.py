"""Unit annual reports and inspections through the API."""

from intranet.accounts.models import Unit
from intranet.extensions import db
from tests.api.conftest import assert_problem, unit_ids

REPORT = {"file": ("báo cáo.txt", "Báo cáo năm 2024 của khoa\n".encode())}


def _submit(api, year=2024):
    return api("unit_head").upload(
        "/api/v1/reports", REPORT, {"year": str(year), "summary": "Khoa đã hoàn thành"}
    )


def test_unit_head_submits_the_units_report(api, make_exemplar):
    make_exemplar(stage="endorsed")
    response = _submit(api)
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["unit"]["code"] == "KCNTT" and body["year"] == 2024
    assert [e["name"] for e in body["exemplars"]] == ["Nguyễn Thị Lan"]
    assert body["file_url"].endswith("/file")
    assert api("unit_head").get(body["file_url"]).data.startswith("Báo cáo".encode())


def test_staff_may_not_submit_and_unit_is_never_from_the_body(app, api):
    assert_problem(api("staff").upload("/api/v1/reports", REPORT, {"year": "2024"}), 403)
    body = assert_problem(
        api("unit_head").upload(
            "/api/v1/reports", REPORT, {"year": "2024", "unit_id": str(unit_ids(app)["KKT"])}
        ),
        422,
    )
    assert "unit_id" in body["detail"]


def test_report_is_404_to_staff_and_other_units_visible_to_supervisors(api):
    report_id = _submit(api).get_json()["id"]
    assert_problem(api("staff").get(f"/api/v1/reports/{report_id}"), 404)
    assert_problem(api("other_staff").get(f"/api/v1/reports/{report_id}/file"), 404)
    for key in ("unit_head", "secretariat", "inspector", "leader"):
        assert api(key).get(f"/api/v1/reports/{report_id}").status_code == 200, key


def test_list_by_year_one_unit_for_staff_all_for_supervisors(app, api):
    _submit(api)
    staff = api("staff").get("/api/v1/reports?year=2024").get_json()
    assert [r["unit"]["code"] for r in staff["items"]] == ["KCNTT"]
    assert staff["items"][0]["report"]["submitted_at"].endswith("+00:00")
    everyone = api("secretariat").get("/api/v1/reports?year=2024&sort=code&per_page=2").get_json()
    with app.app_context():
        assert everyone["total"] == db.session.query(Unit).count()
    assert [r["unit"]["code"] for r in everyone["items"]] == ["BGH", "HCTC"]


def test_second_submission_is_refused(api):
    _submit(api)
    assert_problem(_submit(api), 422)


INSPECTION = {
    "inspected_on": "2024-05-10",
    "members": "Hội đồng Thi đua – Khen thưởng",
    "scope": "Hồ sơ điển hình năm 2024",
    "findings": "Đầy đủ",
    "conclusion": "Đạt",
}


def _inspection(app, api, **extra):
    body = dict(INSPECTION, unit_id=unit_ids(app)["KCNTT"], **extra)
    return api("inspector").post("/api/v1/inspections", json=body)


def test_inspector_records_an_inspection(app, api, make_document, make_exemplar):
    make_document(publish=True)
    exemplar_id = make_exemplar(stage="endorsed")
    response = _inspection(app, api, document_symbols=["36/KH-CĐBP"], exemplar_ids=[exemplar_id])
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["unit"]["code"] == "KCNTT"
    assert {link["record_type"] for link in body["links"]} == {"document", "exemplar"}


def test_only_inspectors_record(app, api):
    body = dict(INSPECTION, unit_id=unit_ids(app)["KCNTT"])
    for key in ("secretariat", "unit_head", "staff"):
        assert_problem(api(key).post("/api/v1/inspections", json=body), 403)


def test_inspection_with_unknown_document_or_unit_is_422(app, api):
    assert_problem(_inspection(app, api, document_symbols=["99/KH-CĐBP"]), 422)
    body = dict(INSPECTION, unit_id=9999)
    assert (
        "unit_id"
        in assert_problem(api("inspector").post("/api/v1/inspections", json=body), 422)["errors"]
    )


def test_inspections_seen_by_supervisors_and_the_units_head(app, api):
    inspection_id = _inspection(app, api).get_json()["id"]
    for key in ("inspector", "secretariat", "leader", "unit_head"):
        assert api(key).get(f"/api/v1/inspections/{inspection_id}").status_code == 200, key
        assert api(key).get("/api/v1/inspections").get_json()["total"] == 1, key
    # Those who read no inspection at all are refused; the area's rule says 403, not 404.
    assert_problem(api("staff").get("/api/v1/inspections"), 403)
    assert api("staff").get(f"/api/v1/inspections/{inspection_id}").status_code in (403, 404)
    filtered = api("inspector").get("/api/v1/inspections?year=2023").get_json()
    assert filtered["total"] == 0
