"""Sending files: attachments with the Vietnamese name, a sandboxed preview for PDF and images."""

import io

import pytest

from intranet import storage
from intranet.extensions import db
from tests.storage.helpers import MINI_PDF, png_bytes, sample, zip_bytes


def saved(app, data: bytes, name: str):
    with app.app_context():
        stored, _ = storage.save(io.BytesIO(data), name)
        db.session.commit()
        return stored.id


def response_for(app, file_id: int, name: str, headers=None, **kwargs):
    """send()'s response, read whole, as a view would return it."""
    with app.test_request_context(headers=headers or {}):
        stored = db.session.get(storage.StoredFile, file_id)
        response = storage.send(stored, name, **kwargs)
        response.direct_passthrough = False
        body = response.get_data()
        response.close()
        return response, body


def test_download_is_an_attachment_with_the_vietnamese_name(app):
    file_id = saved(app, MINI_PDF, "Kế hoạch 36.pdf")
    response, body = response_for(app, file_id, "Kế hoạch 36.pdf")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%2036.pdf" in disposition
    assert 'filename="Ke hoach 36.pdf"' in disposition  # the plain fallback for old clients
    assert response.mimetype == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in response.headers
    assert body == MINI_PDF


@pytest.mark.parametrize(
    ("data", "name", "mimetype"),
    [(MINI_PDF, "Quyết định.pdf", "application/pdf"), (png_bytes(), "Ảnh chụp.png", "image/png")],
)
def test_preview_of_pdf_or_image_is_inline_and_sandboxed(app, data, name, mimetype):
    file_id = saved(app, data, name)
    response, body = response_for(app, file_id, name, preview=True)
    assert response.headers["Content-Disposition"].startswith("inline;")
    assert response.mimetype == mimetype
    csp = response.headers["Content-Security-Policy"]
    assert csp.startswith("sandbox;") and "default-src 'none'" in csp
    assert "script-src" not in csp  # default-src 'none' leaves scripts with nothing
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert body == data


def test_docx_is_never_shown_inline(app):
    data = sample("ke-hoach-36-KH-CDBP.docx").read_bytes()
    file_id = saved(app, data, "Kế hoạch.docx")
    response, _body = response_for(app, file_id, "Kế hoạch.docx", preview=True)
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def test_text_is_sent_as_utf8_plain_text_attachment(app):
    file_id = saved(app, "Kế hoạch số 36\n".encode(), "ghi chú.txt")
    response, _body = response_for(app, file_id, "ghi chú.txt", preview=True)
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")


def test_content_type_comes_from_the_content_not_the_download_name(app):
    file_id = saved(app, MINI_PDF, "a.pdf")
    response, _body = response_for(app, file_id, "trang.html")
    assert response.mimetype == "application/pdf"


def test_hostile_download_name_cannot_break_the_header(app):
    file_id = saved(app, MINI_PDF, "a.pdf")
    response, _body = response_for(app, file_id, '../x\r\nSet-Cookie: a=b".pdf')
    disposition = response.headers["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition and "../" not in disposition
    assert "Set-Cookie" not in response.headers


def test_private_cache_and_hash_as_etag_allow_a_304(app):
    file_id = saved(app, MINI_PDF, "a.pdf")
    response, _body = response_for(app, file_id, "a.pdf")
    assert response.cache_control.private
    etag = response.headers["ETag"]
    again, _body = response_for(app, file_id, "a.pdf", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_zip_never_reaches_send_because_it_is_never_stored(app):
    with app.app_context(), pytest.raises(storage.StorageError):
        storage.save(io.BytesIO(zip_bytes({"a.txt": b"x"})), "a.zip")
