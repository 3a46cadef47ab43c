"""A document's files through its pages: upload, versions, download and preview, hostile uploads,
atomic writes, trash, restore and purge."""

import hashlib
import io
import os
import re
import unicodedata
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intranet import storage
from intranet.accounts.models import User
from intranet.documents import files, services
from intranet.documents.models import Document, DocumentFile, FileVersion
from intranet.extensions import db
from intranet.storage import StoredFile
from tests.documents.conftest import (
    MINI_PDF,
    blobs,
    counts,
    post,
    sample_bytes,
    strays,
    text_of,
    upload,
    versions_of,
)

PDF = "ke-hoach-36-KH-CDBP.pdf"
DOCX = "ke-hoach-36-KH-CDBP.docx"
TXT = "ke-hoach-36-KH-CDBP.txt"
NOTHING = {"StoredFile": 0, "DocumentFile": 0, "FileVersion": 0}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def alerts(response) -> list[str]:
    """The flashed messages shown on the page."""
    page = text_of(response)
    return [
        " ".join(m.split())
        for m in re.findall(
            r'class="alert alert-\w+ alert-dismissible[^>]*>(.*?)<button', page, re.S
        )
    ]


def files_outside_uploads(app, root: Path) -> set[Path]:
    """Every file under ``root`` except the upload folder and the test database."""
    uploads = Path(app.config["UPLOAD_FOLDER"]).resolve()
    found = set()
    for folder, _dirs, names in os.walk(root):
        if Path(folder).resolve().is_relative_to(uploads):
            continue
        found |= {Path(folder) / n for n in names if not n.startswith("test.sqlite3")}
    return found


@pytest.fixture
def draft(make_document):
    return make_document("36/KH-CĐBP")


@pytest.fixture
def hr(login_as):
    return login_as("secretariat")


@pytest.fixture
def nothing_escapes(app, tmp_path):
    """After the test: no new file outside UPLOAD_FOLDER, in this test's folder or its siblings
    (where "../../x" would land), nor in the working directory."""
    around = files_outside_uploads(app, tmp_path.parent)
    cwd = set(os.listdir(Path.cwd()))
    yield
    assert files_outside_uploads(app, tmp_path.parent) - around == set()
    assert set(os.listdir(Path.cwd())) - cwd == set()


def assert_nothing_stored(app):
    assert counts(app) == NOTHING
    assert blobs(app) == []  # not even a temporary file
    assert strays(app) == []


# --- upload and versions ---------------------------------------------------------------------


def test_several_files_uploaded_at_once(app, hr, draft):
    response = upload(
        hr,
        draft,
        ("Kế hoạch 36.pdf", sample_bytes(PDF)),
        ("Kế hoạch 36.docx", sample_bytes(DOCX)),
        ("Kế hoạch 36 (văn bản).txt", sample_bytes(TXT)),
    )
    assert alerts(response) == ["Đã tải lên 3 tệp."]
    page = text_of(response)
    for name in ("Kế hoạch 36.pdf", "Kế hoạch 36.docx", "Kế hoạch 36 (văn bản).txt"):
        assert f"<strong>{name}</strong>" in page
    assert [(name, digest) for _f, _v, name, digest in versions_of(app, draft)] == [
        ("Kế hoạch 36.pdf", sha(sample_bytes(PDF))),
        ("Kế hoạch 36.docx", sha(sample_bytes(DOCX))),
        ("Kế hoạch 36 (văn bản).txt", sha(sample_bytes(TXT))),
    ]


def test_upload_records_checksum_size_and_type_and_keeps_the_bytes(app, hr, draft):
    data = sample_bytes(PDF)
    upload(hr, draft, ("Kế hoạch 36.pdf", data))
    with app.app_context():
        stored = db.session.execute(select(StoredFile)).scalar_one()
        assert (stored.sha256, stored.size) == (sha(data), len(data))
        assert (stored.type_code, stored.mime_type) == ("pdf", "application/pdf")
        path = storage.path_for(stored)
        assert path == Path(app.config["UPLOAD_FOLDER"]).resolve() / sha(data)[:2] / sha(data)[
            2:4
        ] / sha(data)
        assert path.read_bytes() == data
        assert storage.verify(stored)
    assert strays(app) == []


def test_upload_answers_json_for_the_progress_bar(app, hr, draft):
    response = upload(
        hr,
        draft,
        ("Kế hoạch 36.pdf", MINI_PDF),
        follow_redirects=False,
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200
    assert response.get_json() == {"ok": True, "message": "Đã tải lên 1 tệp."}


def test_same_content_in_two_documents_is_stored_once(app, hr, make_document, draft):
    other = make_document("37/KH-CĐBP")
    upload(hr, draft, ("Kế hoạch 36.pdf", MINI_PDF))
    upload(hr, other, ("Bản sao.pdf", MINI_PDF))
    assert counts(app) == {"StoredFile": 1, "DocumentFile": 2, "FileVersion": 2}
    assert len(blobs(app)) == 1


def test_new_version_keeps_the_old_one_downloadable(app, hr, draft):
    old, new = sample_bytes(PDF), sample_bytes("ke-hoach-36-KH-CDBP-scan.pdf")
    upload(hr, draft, ("Kế hoạch 36.pdf", old))
    ((file_id, v1, _name, _sha),) = versions_of(app, draft)
    response = post(
        hr,
        f"/documents/files/{file_id}/versions",
        {"file": (io.BytesIO(new), "Kế hoạch 36 (bản ký).pdf")},
        follow_redirects=True,
    )
    assert alerts(response) == ["Đã thêm phiên bản 2."]
    page = text_of(response)
    assert "<strong>Kế hoạch 36 (bản ký).pdf</strong>" in page
    assert "Phiên bản 1: Kế hoạch 36.pdf" in page
    (_f1, _v1, _n1, sha1), (_f2, v2, _n2, sha2) = versions_of(app, draft)
    assert (sha1, sha2) == (sha(old), sha(new))
    assert hr.get(f"/documents/files/v/{v1}/download").data == old
    assert hr.get(f"/documents/files/v/{v2}/download").data == new


def test_new_version_identical_to_the_current_one_is_refused(app, hr, draft):
    upload(hr, draft, ("Kế hoạch 36.pdf", MINI_PDF))
    ((file_id, *_rest),) = versions_of(app, draft)
    response = post(
        hr,
        f"/documents/files/{file_id}/versions",
        {"file": (io.BytesIO(MINI_PDF), "Kế hoạch 36 lần 2.pdf")},
        follow_redirects=True,
    )
    assert alerts(response) == ["Tệp này giống hệt phiên bản hiện tại; không có gì thay đổi."]
    assert len(versions_of(app, draft)) == 1


def test_refused_new_version_stores_nothing(app, hr, draft):
    upload(hr, draft, ("Kế hoạch 36.pdf", MINI_PDF))
    ((file_id, *_rest),) = versions_of(app, draft)
    before = blobs(app)
    response = post(
        hr,
        f"/documents/files/{file_id}/versions",
        {"file": (io.BytesIO(sample_bytes(DOCX)), "Kế hoạch 36.pdf")},
        follow_redirects=True,
    )
    assert alerts(response) == [
        "Tên tệp có đuôi .pdf nhưng nội dung tệp là DOCX. Hãy kiểm tra lại tệp hoặc đặt tên "
        "đúng loại."
    ]
    assert len(versions_of(app, draft)) == 1
    assert blobs(app) == before


ISSUED_MESSAGE = "Văn bản đã ban hành không sửa được; hãy ban hành văn bản sửa đổi, bổ sung"


# A draft of the secretariat: read by those who read everything (403), unseen by others (404).
@pytest.mark.parametrize(
    ("who", "status"), [("staff", 404), ("unit_head", 404), ("inspector", 403), ("leader", 403)]
)
def test_only_the_secretariat_uploads_to_its_draft(app, login_as, make_document, who, status):
    draft = make_document("36/KH-CĐBP")
    response = upload(login_as(who), draft, ("x.pdf", MINI_PDF), follow_redirects=False)
    assert response.status_code == status
    assert_nothing_stored(app)


@pytest.mark.parametrize("who", ["secretariat", "staff", "unit_head", "inspector", "leader"])
def test_nobody_uploads_to_an_issued_document(app, login_as, make_document, who):
    issued = make_document("36/KH-CĐBP", publish=True)
    response = upload(login_as(who), issued, ("x.pdf", MINI_PDF), follow_redirects=False)
    assert response.status_code == 409
    assert ISSUED_MESSAGE in text_of(response) and "36/KH-CĐBP" in text_of(response)
    assert_nothing_stored(app)


def test_no_upload_to_a_revoked_document(app, hr, make_document):
    document = make_document("36/KH-CĐBP", publish=True)
    with app.app_context():
        services.revoke(db.session.get(Document, document), "Sai sót")
    response = upload(hr, document, ("x.pdf", MINI_PDF), follow_redirects=False)
    assert response.status_code == 409
    assert ISSUED_MESSAGE in text_of(response)
    assert_nothing_stored(app)


# --- download and preview --------------------------------------------------------------------


def only_version(app, document_id) -> int:
    ((_file, version, _name, _sha),) = versions_of(app, document_id)
    return version


def test_download_name_is_the_exact_vietnamese_name_in_nfc(app, hr, draft):
    typed = unicodedata.normalize("NFD", "Kế hoạch 36.pdf")  # as some systems send it
    upload(hr, draft, (typed, MINI_PDF))
    response = hr.get(f"/documents/files/v/{only_version(app, draft)}/download")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%2036.pdf" in disposition
    assert versions_of(app, draft)[0][2] == "Kế hoạch 36.pdf"
    assert response.data == MINI_PDF


def test_pdf_download_is_an_attachment(app, hr, draft):
    upload(hr, draft, ("Kế hoạch 36.pdf", sample_bytes(PDF)))
    response = hr.get(f"/documents/files/v/{only_version(app, draft)}/download")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.mimetype == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pdf_preview_is_inline_in_a_sandbox(app, hr, draft):
    upload(hr, draft, ("Kế hoạch 36.pdf", sample_bytes(PDF)))
    response = hr.get(f"/documents/files/v/{only_version(app, draft)}/preview")
    assert response.headers["Content-Disposition"].startswith("inline;")
    assert response.mimetype == "application/pdf"
    csp = response.headers["Content-Security-Policy"]
    assert csp.startswith("sandbox;") and "default-src 'none'" in csp
    assert response.data == sample_bytes(PDF)


def test_image_preview_is_inline_in_a_sandbox(app, hr, draft):
    data = sample_bytes("ke-hoach-36-KH-CDBP-scan-trang1.png")
    upload(hr, draft, ("Trang 1.png", data))
    response = hr.get(f"/documents/files/v/{only_version(app, draft)}/preview")
    assert response.headers["Content-Disposition"].startswith("inline;")
    assert response.mimetype == "image/png"
    assert response.headers["Content-Security-Policy"].startswith("sandbox;")


@pytest.mark.parametrize("action", ["download", "preview"])
def test_docx_is_always_an_attachment(app, hr, draft, action):
    upload(hr, draft, ("Kế hoạch 36.docx", sample_bytes(DOCX)))
    response = hr.get(f"/documents/files/v/{only_version(app, draft)}/{action}")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "sandbox" not in response.headers.get("Content-Security-Policy", "")
    assert response.mimetype.endswith("wordprocessingml.document")


def test_text_preview_is_an_attachment_in_utf8(app, hr, draft):
    upload(hr, draft, ("Kế hoạch 36.txt", sample_bytes(TXT)))
    response = hr.get(f"/documents/files/v/{only_version(app, draft)}/preview")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_detail_page_offers_a_preview_for_pdf_but_not_for_docx(app, hr, draft):
    upload(hr, draft, ("a.pdf", MINI_PDF), ("b.docx", sample_bytes(DOCX)))
    (_f1, pdf, *_), (_f2, docx, *_) = versions_of(app, draft)
    page = text_of(hr.get(f"/documents/{draft}"))
    assert f"/documents/files/v/{pdf}/preview" in page
    assert f"/documents/files/v/{docx}/preview" not in page


# --- hostile uploads -------------------------------------------------------------------------


def test_name_with_path_separators_keeps_only_its_last_part(
    app, hr, draft, tmp_path, nothing_escapes
):
    response = upload(hr, draft, ("../../x.pdf", MINI_PDF))
    assert alerts(response) == ["Đã tải lên 1 tệp."]
    assert [name for _f, _v, name, _s in versions_of(app, draft)] == ["x.pdf"]
    (blob,) = blobs(app)
    assert blob.name == sha(MINI_PDF)  # stored under its hash, not under any name given
    assert not any(p.name == "x.pdf" for p in tmp_path.parent.rglob("*"))
    download = hr.get(f"/documents/files/v/{only_version(app, draft)}/download")
    assert "filename=x.pdf" in download.headers["Content-Disposition"]


@pytest.mark.parametrize(
    "name",
    ["..\\..\\Kế hoạch.pdf", "C:\\Users\\hanh\\Desktop\\Kế hoạch.pdf", "/etc/../Kế hoạch.pdf"],
)
def test_windows_and_absolute_paths_keep_only_the_file_name(app, draft, users, name):
    class Upload:
        filename = name
        stream = io.BytesIO(MINI_PDF)

    with app.app_context():
        document = db.session.get(Document, draft)
        files.attach(document, [Upload()], db.session.get(User, users["secretariat"]))
    assert [n for _f, _v, n, _s in versions_of(app, draft)] == ["Kế hoạch.pdf"]
    assert [p.name for p in blobs(app)] == [sha(MINI_PDF)]


def test_name_made_only_of_a_path_is_refused(app, hr, draft, nothing_escapes):
    response = upload(hr, draft, ("../", MINI_PDF))
    assert alerts(response) == ["Tên tệp không hợp lệ."]
    assert_nothing_stored(app)


def test_control_characters_are_removed_from_the_name(app, hr, draft, nothing_escapes):
    # (CR, LF and NUL are refused outright: tests/storage/test_files.py)
    response = upload(hr, draft, ("Kế hoạch\x01\x07 36\x1b\u202e.pdf", MINI_PDF))
    assert alerts(response) == ["Đã tải lên 1 tệp."]
    assert [n for _f, _v, n, _s in versions_of(app, draft)] == ["Kế hoạch 36.pdf"]
    disposition = hr.get(f"/documents/files/v/{only_version(app, draft)}/download").headers[
        "Content-Disposition"
    ]
    assert "filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%2036.pdf" in disposition


def test_refusal_message_never_repeats_control_characters(app, hr, draft, nothing_escapes):
    # U+202E turns the rest of a line around: "\u202efdp.exe" reads as "exe.pdf".
    response = upload(hr, draft, ("Kế hoạch\u202e\x07.pdf", sample_bytes(DOCX)))
    (message,) = alerts(response)
    assert message == (
        "Kế hoạch.pdf: Tên tệp có đuôi .pdf nhưng nội dung tệp là DOCX. Hãy kiểm tra lại tệp "
        "hoặc đặt tên đúng loại."
    )
    assert_nothing_stored(app)


def test_name_with_markup_is_shown_as_text(app, hr, draft):
    response = upload(hr, draft, ("<img src=x onerror=alert(1)>.pdf", MINI_PDF))
    page = response.get_data(as_text=True)
    assert "<img src=x onerror" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in page


def test_name_of_1000_characters_is_shortened_keeping_its_extension(
    app, hr, draft, nothing_escapes
):
    name = ("Kế hoạch tuyên truyền gương điển hình tiên tiến " * 21)[:996] + ".pdf"
    assert len(name) == 1000
    response = upload(hr, draft, (name, MINI_PDF))
    assert alerts(response) == ["Đã tải lên 1 tệp."]
    ((_f, _v, stored_name, _s),) = versions_of(app, draft)
    assert len(stored_name) == 255
    assert stored_name.endswith(".pdf") and name.startswith(stored_name[:-4])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "Kế hoạch 36.pdf",
            "docx",
            "Tên tệp có đuôi .pdf nhưng nội dung tệp là DOCX. Hãy kiểm tra lại tệp hoặc đặt tên "
            "đúng loại.",
        ),
        (
            "Ảnh.jpg",
            "png",
            "Tên tệp có đuôi .jpg nhưng nội dung tệp là PNG. Hãy kiểm tra lại tệp hoặc đặt tên "
            "đúng loại.",
        ),
        ("Kế hoạch 36.txt", "html", "Loại tệp không được chấp nhận: text/html."),
        ("Kế hoạch 36.pdf", "truncated-pdf", "Tệp không mở được như một tệp PDF"),
        ("Kế hoạch 36.docx", "zip", "Loại tệp không được chấp nhận: application/zip."),
        ("Kế hoạch 36.txt", "utf16", "Tệp văn bản (TXT) phải được mã hoá UTF-8."),
        ("Kế hoạch 36", "pdf", "Tên tệp “Kế hoạch 36” thiếu phần mở rộng; nội dung tệp là PDF"),
    ],
)
def test_content_that_does_not_match_its_name_is_refused(
    app, hr, draft, nothing_escapes, name, content, message
):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("ghi-chu.txt", "không phải tài liệu Word")
    data = {
        "docx": sample_bytes(DOCX),
        "png": sample_bytes("ke-hoach-36-KH-CDBP-scan-trang1.png"),
        "html": b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        "truncated-pdf": sample_bytes(PDF)[:4000],
        "zip": buffer.getvalue(),
        "utf16": "Phòng Hành chính – Tổ chức".encode("utf-16"),
        "pdf": MINI_PDF,
    }[content]
    (shown,) = alerts(upload(hr, draft, (name, data)))
    assert message in shown
    assert_nothing_stored(app)


def test_empty_file_is_refused(app, hr, draft, nothing_escapes):
    (shown,) = alerts(upload(hr, draft, ("Kế hoạch 36.pdf", b"")))
    assert shown == "Kế hoạch 36.pdf: Tệp rỗng: hãy chọn một tệp có nội dung."
    assert_nothing_stored(app)


def test_upload_without_any_file_asks_for_one(app, hr, draft):
    response = post(hr, f"/documents/{draft}/files", {}, follow_redirects=True)
    assert alerts(response) == ["Hãy chọn ít nhất một tệp."]
    assert_nothing_stored(app)


def test_file_over_the_configured_limit_is_refused_by_the_store(app, hr, draft, nothing_escapes):
    app.config["MAX_UPLOAD_MB"] = 1
    app.config["MAX_CONTENT_LENGTH"] = 4 * 1024 * 1024  # let the request reach the store
    big = "Điển hình tiên tiến. ".encode() * (1024 * 1024 // 20)
    assert len(big) > 1024 * 1024
    (shown,) = alerts(upload(hr, draft, ("Danh sách.txt", big)))
    assert shown == "Danh sách.txt: Tệp vượt quá dung lượng cho phép (1 MB)."
    assert_nothing_stored(app)


def test_request_over_the_limit_gets_a_vietnamese_413_page(app, hr, draft, nothing_escapes):
    app.config["MAX_UPLOAD_MB"] = 1
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    response = upload(
        hr, draft, ("Danh sách.txt", b"x" * (1024 * 1024 + 10)), follow_redirects=False
    )
    assert response.status_code == 413
    page = text_of(response)
    assert "Tệp quá lớn" in page
    assert "Tệp gửi lên vượt quá dung lượng cho phép." in page
    assert_nothing_stored(app)


def test_upload_form_states_the_limit(app, hr, draft):
    app.config["MAX_UPLOAD_MB"] = 1
    assert "tối đa 1 MB mỗi lần" in text_of(hr.get(f"/documents/{draft}"))


def test_refused_upload_answers_json_for_the_progress_bar(app, hr, draft):
    response = upload(
        hr,
        draft,
        ("Kế hoạch 36.pdf", b""),
        follow_redirects=False,
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 422
    assert response.get_json() == {
        "ok": False,
        "message": "Kế hoạch 36.pdf: Tệp rỗng: hãy chọn một tệp có nội dung.",
    }
    assert_nothing_stored(app)


def test_batch_with_one_bad_file_stores_none_of_them(app, hr, draft, nothing_escapes):
    response = upload(
        hr,
        draft,
        ("Kế hoạch 36.pdf", sample_bytes(PDF)),
        ("Kế hoạch 36.docx", sample_bytes(DOCX)),
        ("Trống.txt", b""),
    )
    assert alerts(response) == ["Trống.txt: Tệp rỗng: hãy chọn một tệp có nội dung."]
    assert_nothing_stored(app)


# --- atomic write ----------------------------------------------------------------------------


@pytest.fixture
def fail_commit_after_save(monkeypatch):
    """The first commit after a file was written fails, as a database going away would."""
    armed = {"on": False}
    real_save, real_commit = storage.save, Session.commit

    def save(*args, **kwargs):
        result = real_save(*args, **kwargs)
        armed["on"] = True
        return result

    def commit(session):
        if armed["on"]:
            armed["on"] = False
            raise RuntimeError("cơ sở dữ liệu không trả lời")
        return real_commit(session)

    monkeypatch.setattr(storage, "save", save)
    # On the session class: services commit through transaction(), on the session itself.
    monkeypatch.setattr(Session, "commit", commit)
    return armed


def test_failure_between_file_and_commit_leaves_neither_row_nor_file(
    app, draft, users, fail_commit_after_save
):
    class Upload:
        filename = "Kế hoạch 36.pdf"
        stream = io.BytesIO(sample_bytes(PDF))

    with app.app_context():
        document = db.session.get(Document, draft)
        with pytest.raises(RuntimeError):
            files.attach(document, [Upload()], db.session.get(User, users["secretariat"]))
        assert storage.stray_blobs() == []
    assert_nothing_stored(app)


def test_failure_between_file_and_commit_through_the_page(
    app, hr, draft, fail_commit_after_save, nothing_escapes
):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as in production: the 500 page
    response = upload(hr, draft, ("Kế hoạch 36.pdf", sample_bytes(PDF)), follow_redirects=False)
    assert response.status_code == 500
    assert "dữ liệu của bạn chưa được lưu" in text_of(response)
    assert_nothing_stored(app)


def test_version_insert_that_breaks_a_constraint_leaves_no_new_file(app, hr, draft, users):
    upload(hr, draft, ("Kế hoạch 36.pdf", MINI_PDF))
    ((file_id, _v, _n, _s),) = versions_of(app, draft)
    new = sample_bytes(PDF)

    class Upload:
        filename = "Kế hoạch 36 (bản ký).pdf"
        stream = io.BytesIO(new)

    with app.app_context():
        doc_file = db.session.get(DocumentFile, file_id)
        assert [v.number for v in doc_file.versions] == [1]  # this request's view of the file
        # Meanwhile another request adds version 2 of the same attachment and commits.
        with db.engine.begin() as conn:
            conn.execute(
                insert(FileVersion).values(
                    file_id=file_id,
                    number=2,
                    stored_file_id=doc_file.current.stored_file_id,
                    original_name="bản khác.pdf",
                    uploaded_by_id=users["secretariat"],
                    uploaded_at=datetime.now(UTC).replace(tzinfo=None),
                )
            )
        with pytest.raises(IntegrityError):
            files.add_version(doc_file, Upload(), db.session.get(User, users["secretariat"]))
        assert storage.stray_blobs() == []
        hashes = set(db.session.execute(select(StoredFile.sha256)).scalars())
    assert hashes == {sha(MINI_PDF)}
    assert [p.name for p in blobs(app)] == [sha(MINI_PDF)]


# --- trash, restore, purge -------------------------------------------------------------------


def trash(client, file_id):
    return post(client, f"/documents/files/{file_id}/delete", follow_redirects=True)


def admin_post(client, path):
    return post(client, path, token_from="/documents/trash", follow_redirects=True)


def test_secretariat_moves_a_file_to_the_trash(app, hr, draft):
    upload(hr, draft, ("Kế hoạch 36.pdf", MINI_PDF))
    ((file_id, version, _n, _s),) = versions_of(app, draft)
    response = trash(hr, file_id)
    assert alerts(response) == ["Đã chuyển tệp vào thùng rác; quản trị có thể khôi phục."]
    assert "<strong>Kế hoạch 36.pdf</strong>" not in text_of(response)
    assert hr.get(f"/documents/files/v/{version}/download").status_code == 404
    assert counts(app) == {"StoredFile": 1, "DocumentFile": 1, "FileVersion": 1}
    assert len(blobs(app)) == 1  # nothing is lost yet


def test_a_leader_may_not_trash_a_file_of_a_draft(app, login_as, make_document):
    document = make_document(attachments=[("Kế hoạch 36.pdf", MINI_PDF)])
    ((file_id, version, _n, _s),) = versions_of(app, document)
    client = login_as("leader")
    response = post(client, f"/documents/files/{file_id}/delete")
    assert response.status_code == 403
    assert client.get(f"/documents/files/v/{version}/download").status_code == 200


@pytest.mark.parametrize("who", ["secretariat", "staff"])
def test_nobody_trashes_a_file_of_an_issued_document(app, login_as, make_document, who):
    document = make_document(publish=True, attachments=[("Kế hoạch 36.pdf", MINI_PDF)])
    ((file_id, version, _n, _s),) = versions_of(app, document)
    client = login_as(who)
    response = post(client, f"/documents/files/{file_id}/delete")
    assert response.status_code == 409 and ISSUED_MESSAGE in text_of(response)
    assert client.get(f"/documents/files/v/{version}/download").status_code == 200


def test_trash_page_lists_the_file_for_the_admin(app, hr, login_as, draft):
    upload(hr, draft, ("Kế hoạch 36.pdf", MINI_PDF))
    ((file_id, *_rest),) = versions_of(app, draft)
    trash(hr, file_id)
    page = text_of(login_as("admin").get("/documents/trash"))
    assert "Kế hoạch 36.pdf" in page and "36/KH-CĐBP" in page
    assert f"/documents/trash/{file_id}/restore" in page


@pytest.mark.parametrize("who", ["secretariat", "staff", "inspector", "leader"])
def test_trash_page_is_for_the_admin_only(app, login_as, who):
    assert login_as(who).get("/documents/trash").status_code == 403


def test_admin_restores_a_file(app, hr, login_as, draft):
    upload(hr, draft, ("Kế hoạch 36.pdf", MINI_PDF))
    ((file_id, version, _n, _s),) = versions_of(app, draft)
    trash(hr, file_id)
    response = admin_post(login_as("admin"), f"/documents/trash/{file_id}/restore")
    assert alerts(response) == ["Đã khôi phục tệp Kế hoạch 36.pdf."]
    assert "Thùng rác trống." in text_of(response)
    assert "<strong>Kế hoạch 36.pdf</strong>" in text_of(hr.get(f"/documents/{draft}"))
    assert hr.get(f"/documents/files/v/{version}/download").data == MINI_PDF


def test_secretariat_may_not_restore_or_purge(app, hr, draft):
    upload(hr, draft, ("Kế hoạch 36.pdf", MINI_PDF))
    ((file_id, *_rest),) = versions_of(app, draft)
    trash(hr, file_id)
    assert post(hr, f"/documents/trash/{file_id}/restore").status_code == 403
    assert post(hr, f"/documents/trash/{file_id}/purge").status_code == 403
    assert len(blobs(app)) == 1


def test_purge_removes_the_file_and_its_unshared_content(app, hr, login_as, draft):
    upload(hr, draft, ("Kế hoạch 36.pdf", MINI_PDF))
    ((file_id, *_rest),) = versions_of(app, draft)
    trash(hr, file_id)
    response = admin_post(login_as("admin"), f"/documents/trash/{file_id}/purge")
    assert alerts(response) == ["Đã xoá hẳn tệp Kế hoạch 36.pdf."]
    assert "Thùng rác trống." in text_of(response)
    assert_nothing_stored(app)


def test_purge_keeps_content_another_document_uses(app, hr, login_as, make_document, draft):
    other = make_document("37/KH-CĐBP", attachments=[("Bản sao.pdf", MINI_PDF)])
    upload(hr, draft, ("Kế hoạch 36.pdf", MINI_PDF))
    ((file_id, *_rest),) = versions_of(app, draft)
    trash(hr, file_id)
    admin_post(login_as("admin"), f"/documents/trash/{file_id}/purge")
    assert counts(app) == {"StoredFile": 1, "DocumentFile": 1, "FileVersion": 1}
    assert [p.name for p in blobs(app)] == [sha(MINI_PDF)]
    ((_f, version, _n, _s),) = versions_of(app, other)
    assert hr.get(f"/documents/files/v/{version}/download").data == MINI_PDF


def test_purge_keeps_content_another_version_uses(app, hr, login_as, draft):
    old, new = MINI_PDF, sample_bytes(PDF)
    upload(hr, draft, ("Kế hoạch 36.pdf", old), ("Bản cũ giữ lại.pdf", old))
    (first, _v1, _n1, _s1), _second = versions_of(app, draft)
    post(hr, f"/documents/files/{first}/versions", {"file": (io.BytesIO(new), "Mới.pdf")})
    trash(hr, first)  # versions 1 (old) and 2 (new); the other attachment still uses "old"
    admin_post(login_as("admin"), f"/documents/trash/{first}/purge")
    assert sorted(p.name for p in blobs(app)) == [sha(old)]
    assert counts(app) == {"StoredFile": 1, "DocumentFile": 1, "FileVersion": 1}
    assert strays(app) == []


def test_purge_of_a_file_whose_versions_repeat_a_content(app, hr, login_as, draft):
    first, second = MINI_PDF, sample_bytes(PDF)
    upload(hr, draft, ("Kế hoạch 36.pdf", first))
    ((file_id, *_rest),) = versions_of(app, draft)
    for content in (second, first):  # versions 1, 2 and 3: first, second, first again
        post(hr, f"/documents/files/{file_id}/versions", {"file": (io.BytesIO(content), "a.pdf")})
    assert len(versions_of(app, draft)) == 3
    trash(hr, file_id)
    response = admin_post(login_as("admin"), f"/documents/trash/{file_id}/purge")
    assert alerts(response) == ["Đã xoá hẳn tệp a.pdf."]
    assert_nothing_stored(app)


def test_purge_of_a_file_not_in_the_trash_is_refused(app, hr, login_as, draft):
    upload(hr, draft, ("Kế hoạch 36.pdf", MINI_PDF))
    ((file_id, version, _n, _s),) = versions_of(app, draft)
    response = admin_post(login_as("admin"), f"/documents/trash/{file_id}/purge")
    assert alerts(response) == ["Chỉ xoá hẳn được tệp đã ở trong thùng rác."]
    assert hr.get(f"/documents/files/v/{version}/download").data == MINI_PDF
