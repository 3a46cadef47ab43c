"""Malformed upload parts on the API and the pages: a 4xx with a message, never a 500."""

import pytest

from tests.api.conftest import assert_problem
from tests.storage.helpers import MINI_PDF

BOUNDARY = "ranh-gioi-7MA4YWxk"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
SPLIT_NAME = b"a\r\nSet-Cookie: x=1.pdf"


def body(field: str, filename: bytes | None, fields: dict | None = None) -> bytes:
    out = b""
    for key, value in (fields or {}).items():
        out += (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
        ).encode()
    disposition = f'form-data; name="{field}"'.encode()
    if filename is not None:
        disposition += b'; filename="' + filename + b'"'
    out += f"--{BOUNDARY}\r\nContent-Disposition: ".encode() + disposition
    out += b"\r\nContent-Type: application/pdf\r\n\r\n" + MINI_PDF + b"\r\n"
    return out + f"--{BOUNDARY}--\r\n".encode()


@pytest.fixture
def targets(app, make_document, make_exemplar):
    """(who, url, file field, other fields) of the four API uploads."""
    from intranet.accounts.models import User
    from intranet.documents.models import Document
    from intranet.extensions import db
    from tests import factories

    with app.app_context():
        secretariat = db.session.execute(
            db.select(User).filter_by(username="thuongtruc")
        ).scalar_one()
        document = factories.document(secretariat, attachments=[("Kế hoạch.pdf", MINI_PDF)])
        file_id = db.session.get(Document, document.id).files[0].id
        document_id = document.id
    exemplar = make_exemplar("staff")
    return [
        ("secretariat", f"/api/v1/documents/{document_id}/files", "files", {}),
        ("secretariat", f"/api/v1/documents/{document_id}/files/{file_id}/versions", "file", {}),
        ("staff", f"/api/v1/exemplars/{exemplar}/evidence", "file", {}),
        ("unit_head", "/api/v1/reports", "file", {"year": "2024", "summary": "Báo cáo"}),
    ]


@pytest.mark.parametrize("index", range(4))
@pytest.mark.parametrize(
    "filename",
    [SPLIT_NAME, b"a\rb.pdf", b"a\nb.pdf", None],
    ids=["crlf-header", "cr", "lf", "plain-field"],
)
def test_a_broken_or_missing_file_name_is_a_422_naming_the_field(api, targets, index, filename):
    who, url, field, fields = targets[index]
    response = api(who).post(url, data=body(field, filename, fields), content_type=MULTIPART)
    problem = assert_problem(response, 422)
    assert problem["errors"][field] == [
        "Phải là một tệp gửi kèm (phần multipart có tên tệp – filename)."
    ]
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("index", range(4))
def test_a_nul_in_the_file_name_is_refused_with_a_message(api, targets, index):
    who, url, field, fields = targets[index]
    response = api(who).post(url, data=body(field, b"t\x00.pdf", fields), content_type=MULTIPART)
    problem = assert_problem(response, 422)
    assert "ký tự xuống dòng hoặc ký tự NUL" in problem["detail"]


def test_a_plain_field_for_the_report_file_is_refused_not_ignored(api):
    response = api("unit_head").post(
        "/api/v1/reports",
        data={"year": "2024", "file": "không phải tệp"},
        content_type="multipart/form-data",
    )
    assert list(assert_problem(response, 422)["errors"]) == ["file"]


def test_a_part_without_a_name_is_a_400_on_api_and_page(api, login_as, make_exemplar):
    exemplar = make_exemplar("staff")
    unnamed = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; filename="x.pdf"\r\n\r\n'.encode()
        + MINI_PDF
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    url = f"/exemplars/{exemplar}/evidence"
    page = login_as("staff").post(url, data=unnamed, content_type=MULTIPART)
    assert page.status_code == 400
    assert "không có tên trường" in page.get_data(as_text=True)
    problem = api("staff").post(f"/api{'/v1'}{url}", data=unnamed, content_type=MULTIPART)
    assert_problem(problem, 400)
