"""Unit annual reports and inspections through the API."""

from sqlalchemy import select

from intranet.accounts.models import Unit, User
from intranet.audit.models import AuditEntry
from intranet.extensions import db
from intranet.supervision import reports
from intranet.supervision.models import UnitReport
from tests.api.conftest import assert_problem, unit_ids
from tests.conftest import USERS, csrf_token, signed_in

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


def test_list_by_year_none_for_staff_own_unit_for_its_head_all_for_supervisors(app, api):
    _submit(api)
    assert api("staff").get("/api/v1/reports?year=2024").get_json()["items"] == []
    head = api("unit_head").get("/api/v1/reports?year=2024").get_json()
    assert [r["unit"]["code"] for r in head["items"]] == ["KCNTT"]
    assert head["items"][0]["report"]["submitted_at"].endswith("+00:00")
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
    assert_problem(api("staff").get(f"/api/v1/inspections/{inspection_id}"), 404)
    filtered = api("inspector").get("/api/v1/inspections?year=2023").get_json()
    assert filtered["total"] == 0


# One rule for a unit's report on every surface ---------------------------------------------------


def _surfaces(app, report_id: int) -> dict[str, str]:
    with app.app_context():
        unit = db.session.get(UnitReport, report_id).unit_id
    return {
        "page": f"/supervision/reports/view/{report_id}",
        "file": f"/supervision/reports/view/{report_id}/file",
        "xlsx": f"/supervision/export/unit/{unit}/2024.xlsx",
        "pdf": f"/supervision/export/unit/{unit}/2024.pdf",
    }


def test_staff_of_the_unit_get_404_for_its_report_on_page_file_export_and_api(app, api):
    report_id = _submit(api).get_json()["id"]
    client = signed_in(app, USERS["staff"][0])

    answers = {name: client.get(url).status_code for name, url in _surfaces(app, report_id).items()}
    answers["api"] = api("staff").get(f"/api/v1/reports/{report_id}").status_code
    answers["api file"] = api("staff").get(f"/api/v1/reports/{report_id}/file").status_code

    assert answers == dict.fromkeys(answers, 404)


def test_the_unit_head_gets_its_report_on_page_file_export_and_api(app, api):
    report_id = _submit(api).get_json()["id"]
    client = signed_in(app, USERS["unit_head"][0])

    answers = {name: client.get(url).status_code for name, url in _surfaces(app, report_id).items()}
    answers["api"] = api("unit_head").get(f"/api/v1/reports/{report_id}").status_code
    answers["api file"] = api("unit_head").get(f"/api/v1/reports/{report_id}/file").status_code

    assert answers == dict.fromkeys(answers, 200)


def _denials(app) -> list[AuditEntry]:
    with app.app_context():
        return list(
            db.session.execute(select(AuditEntry).where(AuditEntry.action == "denied")).scalars()
        )


def test_staff_submitting_is_403_on_page_and_api_and_in_the_trail(app, api):
    client = signed_in(app, USERS["staff"][0])
    page = client.post(
        f"/supervision/reports/2024/{unit_ids(app)['KCNTT']}",
        data={"summary": "Không phải trưởng khoa", "csrf_token": csrf_token(client, "/")},
    )
    answer = api("staff").upload("/api/v1/reports", REPORT, {"year": "2024"})

    assert page.status_code == 403
    assert_problem(answer, 403)
    denied = _denials(app)
    assert len(denied) == 2
    assert all(e.actor_username == USERS["staff"][0] for e in denied)
    assert all("submit unit_report" in e.summary for e in denied)


def test_a_crawler_probing_reports_writes_at_most_ten_denials_a_minute(app, api):
    crawler = api("staff")

    answers = {crawler.get(f"/api/v1/reports/{n}").status_code for n in range(1, 31)}

    assert answers == {404}
    assert len(_denials(app)) <= 10


def _returned(app, users, api) -> int:
    report_id = _submit(api).get_json()["id"]
    with app.app_context():
        report = db.session.get(UnitReport, report_id)
        secretariat = db.session.get(User, users["secretariat"])
        reports.return_for_correction(report, secretariat, "Bổ sung số liệu.", report.version)
    return report_id


def test_resubmitting_a_returned_report_needs_its_version_428_then_409(app, api, users):
    report_id = _returned(app, users, api)
    head = api("unit_head")
    version = head.get(f"/api/v1/reports/{report_id}").headers["ETag"]

    assert_problem(_submit(api), 428)
    assert_problem(
        head.upload("/api/v1/reports", REPORT, {"year": "2024"}, headers={"If-Match": '"99"'}),
        409,
    )
    again = head.upload("/api/v1/reports", REPORT, {"year": "2024"}, headers={"If-Match": version})
    assert again.status_code == 201, again.get_data(as_text=True)
    assert again.get_json()["return_note"] == "Bổ sung số liệu."


def test_resubmitting_takes_the_version_as_a_field_too(app, api, users):
    report_id = _returned(app, users, api)
    version = api("unit_head").get(f"/api/v1/reports/{report_id}").get_json()["version"]

    again = api("unit_head").upload(
        "/api/v1/reports", REPORT, {"year": "2024", "version": str(version)}
    )

    assert again.status_code == 201, again.get_data(as_text=True)
