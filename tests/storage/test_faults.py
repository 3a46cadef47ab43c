"""A stored file gone or damaged on disk: never a 500, never served, and the administrator told."""

import os

import pytest
from sqlalchemy import select

from intranet import checks, storage
from intranet.accounts import tokens
from intranet.accounts.models import User
from intranet.audit.models import AuditEntry
from intranet.documents.models import Document
from intranet.extensions import db
from tests import factories
from tests.storage.helpers import MINI_PDF

PROBLEM = "application/problem+json"


@pytest.fixture
def stored(app, users):
    """A published document with one PDF: (version id, blob path)."""
    with app.app_context():
        author = db.session.get(User, users["secretariat"])
        document = factories.document(
            author, attachments=[("Kế hoạch.pdf", MINI_PDF)], publish=True
        )
        version = db.session.get(Document, document.id).files[0].current
        return version.id, storage.path_for(version.stored)


def api_token(app, users, key="staff") -> str:
    with app.app_context():
        return tokens.create_token(db.session.get(User, users[key]), "kiểm thử", 30)[1]


def damage(path, data: bytes) -> None:
    os.chmod(path, 0o640)
    path.write_bytes(data)


def faults_in_trail(app) -> list[AuditEntry]:
    with app.app_context():
        query = select(AuditEntry).where(AuditEntry.action == "file_fault")
        return list(db.session.execute(query).scalars())


def test_a_deleted_blob_answers_410_with_a_clear_page(app, login_as, stored):
    version_id, path = stored
    path.unlink()
    response = login_as("staff").get(f"/documents/files/v/{version_id}/download")
    assert response.status_code == 410
    page = response.get_data(as_text=True)
    assert "không còn trong kho lưu trữ" in page
    assert "Quản trị hệ thống đã được báo" in page
    [entry] = faults_in_trail(app)
    assert entry.record_type == "stored_file" and "Thiếu tệp" in entry.summary


@pytest.mark.parametrize("how", ["one byte changed", "truncated", "grown"])
def test_a_damaged_blob_is_never_served(app, login_as, stored, how):
    version_id, path = stored
    data = bytearray(MINI_PDF)
    if how == "one byte changed":
        data[10] ^= 0x01  # same size: only the hash tells
    elif how == "truncated":
        data = data[:-1]
    else:
        data += b" "
    damage(path, bytes(data))
    client = login_as("staff")
    for action in ("download", "preview"):
        response = client.get(f"/documents/files/v/{version_id}/{action}")
        assert response.status_code == 410, action
        assert bytes(data) not in response.data
        assert "đã bị hỏng" in response.get_data(as_text=True)
        assert "ETag" not in response.headers


def test_the_api_answers_a_problem_in_the_readers_language(app, users, stored):
    version_id, path = stored
    path.unlink()
    headers = {"Authorization": f"Bearer {api_token(app, users)}"}
    url = f"/api/v1/files/versions/{version_id}/download"
    response = app.test_client().get(url, headers=headers)
    assert response.status_code == 410 and response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == 410 and "không còn trong kho lưu trữ" in body["detail"]
    english = app.test_client().get(url, headers=headers | {"Accept-Language": "en"})
    assert english.status_code == 410
    assert english.get_json()["title"] != body["title"]  # the English catalogue answers


def test_a_burst_of_downloads_writes_the_fault_once_and_counts_it(app, login_as, stored):
    version_id, path = stored
    damage(path, MINI_PDF.replace(b"Catalog", b"Katalog"))
    client = login_as("staff")
    statuses = {
        client.get(f"/documents/files/v/{version_id}/download").status_code for _ in range(5)
    }
    assert statuses == {410}
    assert len(faults_in_trail(app)) == 1
    with app.app_context():
        [fault] = storage.faults.recent()
    assert fault["kind"] == "damaged" and fault["count"] == 5


def test_the_administrators_check_result_shows_the_fault_at_once(app, login_as, stored):
    version_id, path = stored
    with app.app_context():
        checks.run_and_keep()
        assert checks.last()["ok"] is True
    path.unlink()
    assert login_as("staff").get(f"/documents/files/v/{version_id}/download").status_code == 410
    page = login_as("admin").get("/admin/users").get_data(as_text=True)
    assert "Thiếu tệp khi tải về" in page and "alert-danger" in page
    with app.app_context():
        last = checks.last()
        assert last["ok"] is False
        # The next full check finds the missing file itself; the served-fault note is cleared.
        checks.run_and_keep()
        assert storage.faults.recent() == []
        assert any("Thiếu tệp của bản ghi" in p for p in checks.last()["problems"])


def test_a_fault_before_any_check_still_shows(app, login_as, stored):
    version_id, path = stored
    path.unlink()
    login_as("staff").get(f"/documents/files/v/{version_id}/download")
    with app.app_context():
        last = checks.last()
    assert last["ok"] is False and "Thiếu tệp khi tải về" in last["problems"][0]


def test_a_sound_blob_is_still_served_with_ranges_and_304(app, login_as, stored):
    version_id, _path = stored
    client = login_as("staff")
    url = f"/documents/files/v/{version_id}/download"
    whole = client.get(url)
    assert whole.status_code == 200 and whole.data == MINI_PDF
    assert whole.headers["Content-Length"] == str(len(MINI_PDF))
    part = client.get(url, headers={"Range": "bytes=0-3"})
    assert part.status_code == 206 and part.data == b"%PDF"
    again = client.get(url, headers={"If-None-Match": whole.headers["ETag"]})
    assert again.status_code == 304
    assert faults_in_trail(app) == []
