"""INTRANET_MAX_UPLOAD_MB is the size of a file: one of exactly the limit is kept, one byte more
is refused with a message; the request may be larger by the form around the file."""

import io
import shutil

import pytest

from intranet import create_app
from intranet.config import FORM_ROOM_MB
from intranet.extensions import db
from tests.api.conftest import assert_problem
from tests.conftest import TEST_DATABASE_URL, _config, csrf_token
from tests.conftest import _empty_postgresql_tables as empty_tables

MB = 1024 * 1024


@pytest.fixture
def app(tmp_path, schema_template):
    """The usual test app, with a limit of 1 MB set as an administrator would set it."""
    if TEST_DATABASE_URL:
        url = TEST_DATABASE_URL
    else:
        shutil.copyfile(schema_template, tmp_path / "test.sqlite3")
        url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
    config = _config(tmp_path, url) | {"MAX_UPLOAD_MB": 1}
    app = create_app(config, instance_path=str(tmp_path / "instance"))
    if TEST_DATABASE_URL:
        with app.app_context():
            empty_tables()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_the_request_has_room_for_the_form_around_the_file(app):
    assert app.config["MAX_CONTENT_LENGTH"] == (1 + FORM_ROOM_MB) * MB


def upload(api, document_id: int, size: int, name: str = "bao-cao.txt"):
    content = (b"Bao cao nam hoc.\n" * (size // 17 + 1))[:size]
    return api("secretariat").upload(
        f"/api/v1/documents/{document_id}/files", {"files": (name, content)}
    )


def test_a_file_of_exactly_the_limit_is_kept(api, make_document):
    response = upload(api, make_document(), MB)
    assert response.status_code == 201, response.get_data(as_text=True)


def test_one_byte_more_is_refused_with_a_message(api, make_document):
    problem = assert_problem(upload(api, make_document(), MB + 1), 422)
    assert "vượt quá dung lượng cho phép (1 MB)" in problem["detail"]


def test_a_request_beyond_the_room_is_413(api, make_document):
    assert_problem(upload(api, make_document(), (1 + FORM_ROOM_MB) * MB + 1), 413)


def test_the_page_keeps_a_file_of_exactly_the_limit(app, login_as, make_document):
    document_id = make_document()
    client = login_as("secretariat")
    token = csrf_token(client, f"/documents/{document_id}")
    content = b"x" * MB
    response = client.post(
        f"/documents/{document_id}/files",
        data={"csrf_token": token, "files": (io.BytesIO(content), "dung-gioi-han.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code in (200, 302), response.status_code
    page = client.get(f"/documents/{document_id}").get_data(as_text=True)
    assert "dung-gioi-han.txt" in page
