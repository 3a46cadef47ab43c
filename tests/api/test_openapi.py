"""The OpenAPI description and the docs page, served from vendored files under a strict CSP."""

import re
from pathlib import Path

import intranet
from tests.api.conftest import audit_available

STATIC = Path(intranet.__file__).parent / "static"
ENDPOINTS = {
    "/api/v1/me": {"get"},
    "/api/v1/units": {"get"},
    "/api/v1/documents": {"get", "post"},
    "/api/v1/documents/{document_id}": {"get", "patch"},
    "/api/v1/documents/{document_id}/submit": {"post"},
    "/api/v1/documents/{document_id}/sign": {"post"},
    "/api/v1/documents/{document_id}/return": {"post"},
    "/api/v1/documents/{document_id}/publish": {"post"},
    "/api/v1/documents/{document_id}/revoke": {"post"},
    "/api/v1/documents/{document_id}/supersede": {"post"},
    "/api/v1/documents/{document_id}/read": {"post"},
    "/api/v1/documents/{document_id}/paper.pdf": {"get"},
    "/api/v1/documents/{document_id}/paper.docx": {"get"},
    "/api/v1/documents/{document_id}/files": {"get", "post"},
    "/api/v1/documents/{document_id}/files/{file_id}/versions": {"post"},
    "/api/v1/files/versions/{version_id}/download": {"get"},
    "/api/v1/exemplars": {"get", "post"},
    "/api/v1/exemplars/{exemplar_id}": {"get", "patch"},
    "/api/v1/exemplars/{exemplar_id}/steps/{step}": {"post"},
    "/api/v1/exemplars/{exemplar_id}/evidence": {"get", "post"},
    "/api/v1/evidence/{evidence_id}": {"get"},
    "/api/v1/evidence/{evidence_id}/download": {"get"},
    "/api/v1/evidence/{evidence_id}/review": {"post"},
    "/api/v1/decisions": {"get"},
    "/api/v1/decisions/{document_id}/lines": {"get", "post"},
    "/api/v1/reports": {"get", "post"},
    "/api/v1/reports/{report_id}": {"get"},
    "/api/v1/reports/{report_id}/file": {"get"},
    "/api/v1/inspections": {"get", "post"},
    "/api/v1/inspections/{inspection_id}": {"get"},
    "/api/v1/exemplars/{record_id}/criteria": {"get", "put"},
    "/api/v1/exemplars/{record_id}/criteria/checks": {"post"},
    "/api/v1/movements": {"get", "post"},
    "/api/v1/movements/{record_id}": {"get"},
    "/api/v1/movements/{record_id}/criteria": {"get", "post"},
    "/api/v1/criteria/{record_id}": {"get"},
    "/api/v1/registrations": {"get", "post"},
    "/api/v1/registrations/{record_id}": {"get"},
    "/api/v1/registrations/{record_id}/confirm": {"post"},
    "/api/v1/evaluations": {"get"},
    "/api/v1/evaluations/{record_id}": {"get"},
    "/api/v1/exemplars/{exemplar_id}/activities": {"get", "post"},
    "/api/v1/exemplars/{exemplar_id}/adoptions": {"get", "post"},
    "/api/v1/search": {"get"},
    "/api/v1/search/suggest": {"get"},
}
if audit_available():
    ENDPOINTS["/api/v1/audit"] = {"get"}


def test_description_is_public_openapi_3_with_every_endpoint(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    spec = response.get_json()
    assert spec["openapi"].startswith("3.")
    paths = {path: set(ops) - {"parameters"} for path, ops in spec["paths"].items()}
    assert paths == ENDPOINTS
    schemes = spec["components"]["securitySchemes"]
    assert schemes["bearerAuth"]["scheme"] == "bearer"


def test_errors_are_described_as_problem_json(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            assert operation["responses"]["default"] == {
                "$ref": "#/components/responses/DEFAULT_ERROR"
            }, (path, method)
    for response in spec["components"]["responses"].values():
        assert list(response["content"]) == ["application/problem+json"]


def test_lists_document_their_pagination(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    for path, operations in spec["paths"].items():
        get = operations.get("get")
        if not get or "download" in path or path.endswith("/file") or "{" in path.split("/")[-1]:
            continue
        if "/paper." in path:  # a file, not a list
            continue
        names = {p["name"] for p in get.get("parameters", [])}
        # Not lists: one answer.
        if path in (
            "/api/v1/me",
            "/api/v1/search/suggest",
            "/api/v1/exemplars/{record_id}/criteria",
        ):
            continue
        assert {"page", "per_page"} <= names, path
        per_page = next(p for p in get["parameters"] if p["name"] == "per_page")
        assert per_page["schema"]["maximum"] == 100, path


def test_docs_page_uses_vendored_files_and_no_inline_script(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    assert "http://" not in html and "https://" not in html
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    for src in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        assert (STATIC / src.split("?v=")[0]).is_file(), src  # ?v=: the file's hash (cache)
        assert client.get(f"/static/{src}").status_code == 200


def test_docs_page_gives_signed_in_users_the_csrf_token(login_as):
    html = login_as("staff").get("/api/v1/docs").get_data(as_text=True)
    assert '<meta name="csrf-token" content="' in html


def test_vendored_swagger_ui_keeps_its_licence():
    folder = STATIC / "vendor" / "swagger-ui-5.35.0"
    assert (folder / "LICENSE").is_file()
    assert not list(folder.glob("*.map"))
