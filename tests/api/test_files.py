"""A document's files through the API: list with versions, upload, new version, download."""

from intranet.documents import services
from intranet.documents.models import Document
from intranet.extensions import db
from tests.api.conftest import assert_problem

PLAN = ("kế hoạch.txt", "Kế hoạch thi đua năm 2024\n".encode())
ISSUED_MESSAGE = "Văn bản đã ban hành không sửa được; hãy ban hành văn bản sửa đổi, bổ sung"


def test_list_files_with_versions(api, make_document):
    document_id = make_document(publish=True, attachments=[PLAN])
    page = api("staff").get(f"/api/v1/documents/{document_id}/files").get_json()
    assert page["total"] == 1
    item = page["items"][0]
    assert item["current"]["original_name"] == "kế hoạch.txt"
    assert item["current"]["mime_type"] == "text/plain"
    assert [v["number"] for v in item["versions"]] == [1]


def test_files_of_a_restricted_document_are_404_to_outsiders(api, make_document):
    document_id = make_document(publish=True, units=["KKT"], attachments=[PLAN])
    assert_problem(api("staff").get(f"/api/v1/documents/{document_id}/files"), 404)
    listed = api("other_staff").get(f"/api/v1/documents/{document_id}/files").get_json()
    version_id = listed["items"][0]["current"]["id"]
    assert_problem(api("staff").get(f"/api/v1/files/versions/{version_id}/download"), 404)
    download = api("other_staff").get(f"/api/v1/files/versions/{version_id}/download")
    assert download.status_code == 200 and download.data == PLAN[1]


def test_secretariat_uploads_files_multipart(api, make_document):
    document_id = make_document()
    response = api("secretariat").upload(
        f"/api/v1/documents/{document_id}/files",
        {"files": [PLAN, ("phụ lục.txt", "Phụ lục\n".encode())]},
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    names = [f["current"]["original_name"] for f in response.get_json()]
    assert names == ["kế hoạch.txt", "phụ lục.txt"]


def test_a_leader_may_not_upload_to_a_draft_nor_staff_to_an_issued_document(api, make_document):
    draft = make_document()
    issued = make_document("37/KH-CĐBP", publish=True)
    # The leader reads every draft but does not draft: 403. Issued, a document's files are
    # part of the record, for everyone: 409.
    assert_problem(api("leader").upload(f"/api/v1/documents/{draft}/files", {"files": PLAN}), 403)
    response = api("staff").upload(f"/api/v1/documents/{issued}/files", {"files": PLAN})
    assert ISSUED_MESSAGE in assert_problem(response, 409)["detail"]


def test_upload_of_a_forged_type_is_refused_and_nothing_kept(api, make_document):
    document_id = make_document()
    client = api("secretariat")
    response = client.upload(
        f"/api/v1/documents/{document_id}/files", {"files": ("giả.pdf", b"\x00\x01 not a pdf")}
    )
    assert_problem(response, 422)
    assert client.get(f"/api/v1/documents/{document_id}/files").get_json()["total"] == 0


def test_upload_without_files_is_422(api, make_document):
    document_id = make_document()
    response = api("secretariat").post(
        f"/api/v1/documents/{document_id}/files", data={}, content_type="multipart/form-data"
    )
    assert "files" in assert_problem(response, 422)["errors"]


def test_new_version_keeps_the_earlier_one(api, make_document):
    document_id = make_document(attachments=[PLAN])
    client = api("secretariat")
    file_id = client.get(f"/api/v1/documents/{document_id}/files").get_json()["items"][0]["id"]
    response = client.upload(
        f"/api/v1/documents/{document_id}/files/{file_id}/versions",
        {"file": ("kế hoạch v2.txt", "Bản sửa\n".encode())},
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["number"] == 2
    item = client.get(f"/api/v1/documents/{document_id}/files").get_json()["items"][0]
    assert [v["number"] for v in item["versions"]] == [1, 2]
    first = client.get(item["versions"][0]["download_url"])
    assert first.data == PLAN[1]


def test_new_version_refused_to_a_leader_and_404_under_another_document(api, make_document):
    document_id = make_document(attachments=[PLAN])
    other_id = make_document("37/KH-CĐBP")
    client = api("secretariat")
    file_id = client.get(f"/api/v1/documents/{document_id}/files").get_json()["items"][0]["id"]
    upload = {"file": ("v2.txt", b"v2\n")}
    assert_problem(
        api("leader").upload(f"/api/v1/documents/{document_id}/files/{file_id}/versions", upload),
        403,
    )
    assert_problem(
        client.upload(f"/api/v1/documents/{other_id}/files/{file_id}/versions", upload), 404
    )


def test_download_is_an_attachment_with_the_vietnamese_name(api, make_document):
    document_id = make_document(publish=True, attachments=[PLAN])
    item = api("staff").get(f"/api/v1/documents/{document_id}/files").get_json()["items"][0]
    response = api("staff").get(item["current"]["download_url"])
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert "filename*=UTF-8''k%E1%BA%BF" in response.headers["Content-Disposition"]


def test_outsider_may_not_upload_to_a_restricted_document_it_is_404(api, make_document):
    document_id = make_document(publish=True, units=["KKT"], attachments=[PLAN])
    outsider = api("staff")
    assert_problem(outsider.upload(f"/api/v1/documents/{document_id}/files", {"files": PLAN}), 404)
    file_id = api("other_staff").get(f"/api/v1/documents/{document_id}/files").get_json()
    file_id = file_id["items"][0]["id"]
    new_version = f"/api/v1/documents/{document_id}/files/{file_id}/versions"
    assert_problem(outsider.upload(new_version, {"file": PLAN}), 404)
    # The audience sees it; issued, its files change for no one: 409.
    assert_problem(api("other_staff").upload(new_version, {"file": PLAN}), 409)


def test_files_of_an_issued_or_revoked_document_are_refused_with_409(app, api, make_document):
    issued = make_document(publish=True, attachments=[PLAN])
    revoked = make_document("37/KH-CĐBP", publish=True, attachments=[PLAN])
    with app.app_context():
        services.revoke(db.session.get(Document, revoked), "Sai số")
    client = api("secretariat")
    for document_id in (issued, revoked):
        response = client.upload(f"/api/v1/documents/{document_id}/files", {"files": PLAN})
        assert ISSUED_MESSAGE in assert_problem(response, 409)["detail"]
        listed = client.get(f"/api/v1/documents/{document_id}/files").get_json()
        assert [v["number"] for v in listed["items"][0]["versions"]] == [1]
