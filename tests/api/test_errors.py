"""Every error under /api/v1 is application/problem+json, in Vietnamese or English; the pages
keep their HTML error pages."""

import io

from tests.api.conftest import PROBLEM, assert_problem

EN = {"Accept-Language": "en-US,en;q=0.9"}


def test_problem_is_vietnamese_by_default(api):
    body = assert_problem(api("staff").get("/api/v1/documents/999"), 404)
    assert body["title"] == "Không tìm thấy"
    assert body["type"] == "about:blank"


def test_problem_is_english_when_asked(api):
    body = assert_problem(api("staff").get("/api/v1/documents/999", headers=EN), 404)
    assert body["title"] == "Not found"
    assert "do not have the right" in body["detail"]


def test_language_follows_accept_language_not_the_users_setting(api):
    staff = api("staff")
    vietnamese = staff.get("/api/v1/documents/999", headers={"Accept-Language": "vi"})
    english = staff.get("/api/v1/documents/999", headers={"Accept-Language": "en"})
    assert vietnamese.get_json()["title"] != english.get_json()["title"]
    unknown = staff.get("/api/v1/documents/999", headers={"Accept-Language": "fr"})
    assert unknown.get_json()["title"] == "Không tìm thấy"


def test_401_in_english(anon):
    body = assert_problem(anon.get("/api/v1/me", headers=EN), 401)
    assert body["title"] == "Unauthenticated"


def test_refused_action_is_403_in_both_languages(api):
    staff = api("staff")
    body = {"kind": "KH", "number_symbol": "01/KH-CĐBP", "issued_on": "2024-01-02", "summary": "x"}
    vi = assert_problem(staff.post("/api/v1/documents", json=body), 403)
    en = assert_problem(staff.post("/api/v1/documents", json=body, headers=EN), 403)
    assert vi["title"] == "Không có quyền" and en["title"] == "Forbidden"


def test_unknown_path_under_api_is_a_problem_not_a_page(api, anon):
    assert_problem(api("staff").get("/api/v1/khong-co"), 404)
    assert_problem(anon.get("/api/v1/khong-co"), 404)


def test_wrong_method_is_405_problem_with_allow(api):
    response = api("staff").open("DELETE", "/api/v1/documents")
    assert_problem(response, 405)
    assert "GET" in response.headers["Allow"]


def test_json_endpoint_refuses_another_media_type_with_415(api):
    response = api("staff").post(
        "/api/v1/exemplars",
        data="subject=individual",
        content_type="application/x-www-form-urlencoded",
    )
    body = assert_problem(response, 415)
    assert "application/json" in body["detail"]


def test_upload_endpoint_refuses_json_with_415(api, make_exemplar):
    exemplar_id = make_exemplar()
    response = api("staff").post(f"/api/v1/exemplars/{exemplar_id}/evidence", json={"x": 1})
    body = assert_problem(response, 415, lang="vi")
    assert "multipart/form-data" in body["detail"]


def test_malformed_json_is_400(api):
    response = api("staff").post("/api/v1/exemplars", data="{nope", content_type="application/json")
    assert_problem(response, 400)


def test_invalid_fields_are_422_with_errors_by_field(api):
    response = api("staff").post(
        "/api/v1/exemplars", json={"subject": "ai đó", "year": "năm nay"}, headers=EN
    )
    body = assert_problem(response, 422)
    assert set(body["errors"]) >= {"subject", "year", "achievement"}
    assert body["errors"]["achievement"] == ["Missing data for required field."]


def test_field_messages_are_translated_to_vietnamese(api):
    body = assert_problem(
        api("staff").post("/api/v1/exemplars", json={"subject": "individual"}), 422
    )
    assert body["errors"]["achievement"] == ["Thiếu trường bắt buộc."]


def test_refused_fields_are_named_not_ignored(api):
    response = api("staff").post(
        "/api/v1/exemplars",
        json={
            "subject": "individual",
            "year": 2024,
            "achievement": "Giảng dạy giỏi",
            "name": "Lê Văn Nam",
            "unit_id": 1,
            "owner_id": 1,
            "stage": "recognised",
        },
    )
    body = assert_problem(response, 422)
    assert body["type"].endswith("#problem-refused-fields")
    assert "owner_id, stage, unit_id" in body["detail"]
    assert set(body["errors"]) == {"owner_id", "stage", "unit_id"}
    english = api("staff").post("/api/v1/exemplars", json={"status": "x"}, headers=EN)
    assert "status" in assert_problem(english, 422)["detail"]


def test_text_with_control_characters_is_refused(api):
    response = api("staff").post(
        "/api/v1/exemplars",
        json={"subject": "individual", "year": 2024, "achievement": "a\x00b", "name": "A"},
    )
    assert "achievement" in assert_problem(response, 422)["errors"]


def test_out_of_range_page_size_is_422(api):
    assert_problem(api("staff").get("/api/v1/documents?per_page=101"), 422)
    assert_problem(api("staff").get("/api/v1/documents?page=0"), 422)


def test_too_large_upload_is_413_problem(app, api, make_exemplar):
    exemplar_id = make_exemplar()
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = api("staff").post(
        f"/api/v1/exemplars/{exemplar_id}/evidence",
        data={"file": (io.BytesIO(b"x" * 5000), "lon.txt")},
        content_type="multipart/form-data",
    )
    assert_problem(response, 413)


def test_domain_rule_message_is_a_422_problem(api, make_exemplar):
    exemplar_id = make_exemplar()
    response = api("staff").post(f"/api/v1/exemplars/{exemplar_id}/steps/withdraw", json={})
    body = assert_problem(response, 422)
    assert body["detail"] == "Hãy ghi lý do."


def test_server_error_is_a_500_problem(app, api, monkeypatch):
    from intranet.api import accounts

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(accounts, "auth_method", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    body = assert_problem(api("staff").get("/api/v1/me", headers=EN), 500)
    assert "boom" not in body["detail"]


def test_pages_keep_their_html_error_pages(login_as):
    client = login_as("staff")
    response = client.get("/documents/999")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert client.get("/khong-co").mimetype == "text/html"


def test_problem_responses_are_never_cached(api):
    response = api("staff").get("/api/v1/documents/999")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.mimetype == PROBLEM
