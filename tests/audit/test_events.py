"""Sign-ins, failed sign-ins, sign-outs and downloads of restricted files, with the address."""

from sqlalchemy import select

from intranet.documents.models import FileVersion
from intranet.extensions import db
from tests.audit.conftest import trail
from tests.conftest import PASSWORD, csrf_token, login


def _client(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_a_sign_in_is_recorded_with_the_user_and_address(app, users):
    response = login(_client(app, "192.168.5.20"), "canbo")
    assert response.status_code == 302
    [entry] = trail(app, action="sign_in")
    assert entry["actor_id"] == users["staff"]
    assert entry["actor_username"] == "canbo"
    assert (entry["record_type"], entry["record_id"]) == ("user", users["staff"])
    assert entry["ip_address"] == "192.168.5.20"


def test_a_failed_sign_in_names_the_attempted_account_and_no_actor(app, users):
    client = _client(app, "203.0.113.9")
    response = login(client, "canbo", password="sai-mat-khau")
    assert response.status_code == 200
    [entry] = trail(app, action="sign_in_failed")
    assert entry["actor_id"] is None and entry["actor_username"] == ""
    assert "canbo" in entry["summary"]
    assert entry["changes"] == {"username": [None, "canbo"]}
    assert entry["ip_address"] == "203.0.113.9"
    assert "sai-mat-khau" not in str(trail(app))


def test_a_sign_out_is_recorded(app, users):
    client = _client(app, "192.168.5.21")
    login(client, "canbo", PASSWORD)
    token = csrf_token(client, "/")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    [entry] = trail(app, action="sign_out")
    assert entry["actor_username"] == "canbo"
    assert entry["ip_address"] == "192.168.5.21"


def _version_id(app, document_id: int) -> int:
    with app.app_context():
        from intranet.documents.models import DocumentFile

        query = (
            select(FileVersion.id)
            .join(DocumentFile, FileVersion.file_id == DocumentFile.id)
            .where(DocumentFile.document_id == document_id)
        )
        return db.session.execute(query).scalar_one()


def test_downloading_a_file_of_a_restricted_document_is_recorded(app, make_document, login_as):
    document_id = make_document(units=["KCNTT"], attachment=True, publish=True)
    version_id = _version_id(app, document_id)
    client = login_as("staff")
    assert client.get(f"/documents/files/v/{version_id}/download").status_code == 200
    assert client.get(f"/documents/files/v/{version_id}/preview").status_code == 200
    entries = trail(app, action="download")
    records = [(e["record_type"], e["record_id"]) for e in entries]
    assert records == [("file_version", version_id)] * 2
    assert all(e["actor_username"] == "canbo" for e in entries)
    assert [e["summary"].split()[0] for e in entries] == ["Tải", "Xem"]
    # The document's History lists who took its files.
    assert {(e["parent_type"], e["parent_id"]) for e in entries} == {("document", document_id)}


def test_downloading_a_file_published_to_all_staff_is_not_recorded(app, make_document, login_as):
    document_id = make_document(attachment=True, publish=True)
    version_id = _version_id(app, document_id)
    client = login_as("staff")
    assert client.get(f"/documents/files/v/{version_id}/download").status_code == 200
    assert trail(app, action="download") == []


def test_downloading_a_draft_s_file_is_recorded(app, make_document, login_as):
    document_id = make_document(attachment=True)
    version_id = _version_id(app, document_id)
    client = login_as("inspector")
    assert client.get(f"/documents/files/v/{version_id}/download").status_code == 200
    [entry] = trail(app, action="download")
    assert entry["actor_username"] == "kiemtra"


def test_every_download_and_preview_of_evidence_is_recorded(app, make_exemplar, login_as):
    exemplar_id, evidence_id = make_exemplar(evidence=True)
    client = login_as("inspector")
    assert client.get(f"/exemplars/evidence/{evidence_id}/download").status_code == 200
    assert client.get(f"/exemplars/evidence/{evidence_id}/preview").status_code == 200
    entries = trail(app, action="download", record_type="evidence")
    assert len(entries) == 2
    assert {(e["parent_type"], e["parent_id"]) for e in entries} == {("exemplar", exemplar_id)}
    assert entries[0]["actor_username"] == "kiemtra"


def test_a_refused_download_is_not_recorded(app, make_exemplar, login_as):
    _exemplar_id, evidence_id = make_exemplar(evidence=True)
    client = login_as("other_staff")
    assert client.get(f"/exemplars/evidence/{evidence_id}/download").status_code == 404
    assert trail(app, action="download") == []
