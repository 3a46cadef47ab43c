"""Every format through the worker, as a user meets it: uploaded through the page or the API,
stored under its hash (no name, no extension), read by the worker's own jobs, and found by a word
of its text alone. Then the failures: each keeps its true reason, shown on the file's page and in
the API, and a failure that may pass (a timeout under load) is tried again at 1, 5 and 25 minutes.
"""

# ruff: noqa: F811 (the fixtures of tests/indexing and tests/api are imported by name)

import io
import re
import zipfile
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from intranet import clock, storage, tasks
from intranet.accounts.models import User
from intranet.documents import services as documents
from intranet.documents.models import Document
from intranet.exemplars.models import Evidence
from intranet.extensions import db
from intranet.indexing import worker
from intranet.indexing.models import ExtractedText
from tests import factories
from tests.api.conftest import ApiClient, token_for  # noqa: F401
from tests.conftest import csrf_token, login
from tests.extraction import forge
from tests.extraction.conftest import TOOLS
from tests.factories import sample_bytes
from tests.indexing.conftest import make_document, search_page, upload_files  # noqa: F401

SUMMARY = "Kế hoạch thử nghiệm đọc tệp"  # shares no word with any file's text
PLAN_WORD = "quán triệt"  # page 1 of the plan 36/KH-CĐBP, in every format
LAST_PAGE_WORD = "Bích Liên"  # the signer, on the plan's last page
LIST_WORD = "hiến máu"  # a cell of the list of exemplars (XLSX, ODS)
XLS_WORD = "tiết kiệm điện năng"


def xls_list() -> bytes:
    """An Excel 97-2003 workbook written by xlwt (no office-made XLS sample exists)."""
    xlwt = pytest.importorskip("xlwt", reason="xlwt (test extra) makes the XLS file")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Danh sách 2024")
    for r, row in enumerate(
        [
            ("STT", "Họ và tên", "Thành tích"),
            (1, "Lê Văn Khoa", "Sáng kiến tiết kiệm điện năng ở xưởng thực hành"),
            (2, "Phạm Thị Hồng", "Giảng viên dạy giỏi cấp tỉnh"),
        ]
    ):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def damaged_xlsx() -> bytes:
    """The real list of exemplars with its sheet's XML cut in half: still an XLSX to the store."""
    out = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(sample_bytes("danh-sach-dien-hinh-tien-tien-2024.xlsx")))
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2] + b"<row><unclosed"
            target.writestr(item, data)
    return out.getvalue()


# (format, file name as uploaded, its bytes, a word of its text only, what the test needs)
FORMATS = [
    ("pdf", "ke-hoach.pdf", lambda: sample_bytes("ke-hoach-36-KH-CDBP.pdf"), PLAN_WORD, None),
    ("docx", "ke-hoach.docx", lambda: sample_bytes("ke-hoach-36-KH-CDBP.docx"), PLAN_WORD, None),
    ("odt", "ke-hoach.odt", lambda: sample_bytes("ke-hoach-36-KH-CDBP.odt"), PLAN_WORD, None),
    ("doc", "ke-hoach.doc", lambda: sample_bytes("ke-hoach-36-KH-CDBP.doc"), PLAN_WORD, "doc"),
    ("txt", "ke-hoach.txt", lambda: sample_bytes("ke-hoach-36-KH-CDBP.txt"), PLAN_WORD, None),
    (
        "txt-nfd",
        "ke-hoach-nfd.txt",
        lambda: sample_bytes("ke-hoach-36-KH-CDBP-nfd.txt"),
        PLAN_WORD,
        None,
    ),
    (
        "xlsx",
        "danh-sach.xlsx",
        lambda: sample_bytes("danh-sach-dien-hinh-tien-tien-2024.xlsx"),
        LIST_WORD,
        None,
    ),
    (
        "ods",
        "danh-sach.ods",
        lambda: sample_bytes("danh-sach-dien-hinh-tien-tien-2024.ods"),
        LIST_WORD,
        None,
    ),
    ("xls", "danh-sach.xls", xls_list, XLS_WORD, None),
    (
        "jpeg",
        "trang-1.jpg",
        lambda: sample_bytes("ke-hoach-36-KH-CDBP-scan-trang1.jpg"),
        PLAN_WORD,
        "ocr",
    ),
    (
        "png",
        "trang-1.png",
        lambda: sample_bytes("ke-hoach-36-KH-CDBP-scan-trang1.png"),
        PLAN_WORD,
        "ocr",
    ),
    (
        "scanned-pdf",
        "ban-quet.pdf",
        lambda: sample_bytes("ke-hoach-36-KH-CDBP-scan.pdf"),
        LAST_PAGE_WORD,
        "ocr",
    ),
]


def needs(tool: str | None):
    if tool == "ocr" and not TOOLS["ocr"]:
        pytest.skip("Tesseract with Vietnamese data missing: apt-get install tesseract-ocr-vie")
    if tool == "doc" and not TOOLS["catdoc"]:
        pytest.skip("catdoc missing: apt-get install catdoc")


def run_jobs(app) -> None:
    """The worker's own job, as ``flask worker`` runs it on each notification and each minute."""
    tasks.bind(app)
    tasks.index_pending.call_local()


def publish(app, users, document_id: int) -> None:
    with app.app_context():
        author = db.session.get(User, users["secretariat"])
        documents.publish(db.session.get(Document, document_id), author)


def rows_of(app, document_id: int) -> dict[str, ExtractedText]:
    """{name as uploaded: its extraction row (detached)}."""
    with app.app_context():
        out = {}
        for doc_file in db.session.get(Document, document_id).files:
            row = db.session.get(ExtractedText, doc_file.current.stored_file_id)
            if row is not None:
                _ = row.text
                db.session.expunge(row)
            out[doc_file.current.original_name] = row
        return out


def file_hits(page, name: str) -> list:
    return [h for h in page.hits if h.title.startswith(name)]


@pytest.mark.parametrize(
    ("name", "content", "word", "tool"),
    [pytest.param(*case[1:], id=case[0]) for case in FORMATS],
)
def test_a_file_uploaded_on_the_page_is_found_by_a_word_of_its_text(
    app, users, login_as, make_document, name, content, word, tool
):
    needs(tool)
    data = content()
    document_id = make_document("40/KH-CĐBP", summary=SUMMARY)
    secretariat = login_as("secretariat")
    assert upload_files(secretariat, document_id, (name, data)).status_code == 302
    publish(app, users, document_id)
    with app.app_context():
        worker.process_outbox()  # the file is indexed by its name before its text is read
        # Stored under its hash, without the name's extension: the stored type says what it is.
        stored = db.session.get(Document, document_id).files[0].current.stored
        assert storage.path_for(stored).suffix == ""
    staff = login_as("staff")
    assert file_hits(search_page(staff, word), name) == []
    assert "Đang chờ đọc nội dung" in staff.get(f"/documents/{document_id}").get_data(True)

    run_jobs(app)

    row = rows_of(app, document_id)[name]
    assert (row.status, row.message) == ("ok", ""), row.message
    assert row.attempts == 1 and row.retry_at is None
    page = search_page(staff, word)
    hits = file_hits(page, name)
    assert len(hits) == 1, page.titles
    assert hits[0].url == f"/documents/{document_id}"
    body = staff.get(f"/documents/{document_id}").get_data(True)
    assert "data-extraction" not in body  # read in full: nothing to say under the file


@pytest.mark.parametrize(
    ("name", "sample", "word"),
    [
        ("ke-hoach.docx", "ke-hoach-36-KH-CDBP.docx", PLAN_WORD),
        ("danh-sach.xlsx", "danh-sach-dien-hinh-tien-tien-2024.xlsx", LIST_WORD),
    ],
)
def test_a_file_uploaded_through_the_api_is_found_and_says_its_text_was_read(
    app, users, login_as, make_document, token_for, name, sample, word
):
    document_id = make_document("40/KH-CĐBP", summary=SUMMARY)
    api = ApiClient(app.test_client(), token=token_for("secretariat"))
    response = api.upload(
        f"/api/v1/documents/{document_id}/files", {"files": (name, sample_bytes(sample))}
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    extraction = response.get_json()[0]["current"]["extraction"]
    assert extraction["status"] == "pending"
    publish(app, users, document_id)

    run_jobs(app)

    listed = api.get(f"/api/v1/documents/{document_id}/files").get_json()["items"]
    extraction = listed[0]["current"]["extraction"]
    assert extraction["status"] == "ok"
    assert extraction["attempts"] == 1 and extraction["retry_at"] is None
    hits = file_hits(search_page(login_as("staff"), word), name)
    assert [h.url for h in hits] == [f"/documents/{document_id}"]
    found = api.get("/api/v1/search", query_string={"q": word}).get_json()
    assert any(name in str(hit) for hit in found["hits"]), found


def test_evidence_uploaded_on_the_nomination_page_is_found_by_its_owner(app, users, login_as):
    with app.app_context():
        owner = db.session.get(User, users["staff"])
        exemplar_id = factories.exemplar(owner, year=2024, name="Nguyễn Văn Bình").id
    staff = login_as("staff")
    response = staff.post(
        f"/exemplars/{exemplar_id}/evidence",
        data={
            "csrf_token": csrf_token(staff, f"/exemplars/{exemplar_id}"),
            "title": "Danh sách của đơn vị",
            "description": "",
            "evidence_date": date(2024, 5, 20).isoformat(),
            "file": [
                (io.BytesIO(sample_bytes("danh-sach-dien-hinh-tien-tien-2024.xlsx")), "ds.xlsx")
            ],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code in (200, 302), response.get_data(as_text=True)
    with app.app_context():
        evidence = db.session.execute(select(Evidence)).scalar_one()
    page = staff.get(f"/exemplars/{exemplar_id}").get_data(True)
    assert 'data-extraction="pending"' in page

    run_jobs(app)

    page = search_page(staff, LIST_WORD)
    assert any(f"/exemplars/{exemplar_id}" in url for url in page.urls), page.titles
    with app.app_context():
        assert db.session.get(ExtractedText, evidence.stored_file_id).status == "ok"
    assert "data-extraction" not in staff.get(f"/exemplars/{exemplar_id}").get_data(True)


def test_the_demo_spreadsheet_is_searchable_once_the_worker_ran(app):
    """`make run`: `flask demo load`, then `flask worker` reads the demo's files."""
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    run_jobs(app)
    with app.app_context():
        rows = db.session.execute(select(ExtractedText)).scalars().all()
        assert rows and {r.status for r in rows} <= {"ok"}, [(r.status, r.message) for r in rows]
    passwords = dict(re.findall(r"^\s+(\S+)\s+(\S+)\s{2,}", result.output, re.MULTILINE))
    client = app.test_client()
    assert login(client, "thuongtruc", passwords["thuongtruc"]).status_code == 302
    page = search_page(client, "Tỉnh đoàn")  # only in a cell of the demo's spreadsheet
    assert any("Danh sách điển hình tiên tiến 2024" in t for t in page.titles), page.titles


# Failures -------------------------------------------------------------------------------------


def test_an_encrypted_pdf_says_so_on_its_page_and_in_the_api(
    app, users, login_as, make_document, token_for
):
    document_id = make_document("40/KH-CĐBP", summary=SUMMARY)
    locked = forge.pdf(b"BT /F1 12 Tf (bi mat) Tj ET", encrypt_with=b"mk")
    secretariat = login_as("secretariat")
    assert upload_files(secretariat, document_id, ("mat-khau.pdf", locked)).status_code == 302
    publish(app, users, document_id)
    run_jobs(app)

    row = rows_of(app, document_id)["mat-khau.pdf"]
    assert (row.status, row.retry_at) == ("encrypted", None)  # final: no retry
    body = login_as("staff").get(f"/documents/{document_id}").get_data(True)
    assert 'data-extraction="encrypted"' in body
    assert "Tệp có mật khẩu, không đọc được nội dung" in body
    assert "Tệp PDF có mật khẩu" in body
    api = ApiClient(app.test_client(), token=token_for("staff"))
    extraction = api.get(f"/api/v1/documents/{document_id}/files").get_json()["items"][0][
        "current"
    ]["extraction"]
    assert extraction["status"] == "encrypted"
    assert extraction["label"] == "Tệp có mật khẩu, không đọc được nội dung"
    assert extraction["message"] == "Tệp PDF có mật khẩu"
    english = api.get(
        f"/api/v1/documents/{document_id}/files", headers={"Accept-Language": "en"}
    ).get_json()["items"][0]["current"]["extraction"]
    assert english["label"] == "Password-protected file: its text could not be read"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("hong.pdf", lambda: b"%PDF-1.7\n" + bytes(range(256)) * 64 + b"\n%%EOF\n", "damaged"),
        ("hong.xlsx", lambda: damaged_xlsx(), "damaged"),
        ("trong.txt", lambda: b" \n\t\n", "no_text"),
    ],
)
def test_a_file_that_cannot_be_read_keeps_its_true_reason_without_retry(
    app, users, login_as, make_document, token_for, name, content, reason
):
    document_id = make_document("40/KH-CĐBP", summary=SUMMARY)
    secretariat = login_as("secretariat")
    assert upload_files(secretariat, document_id, (name, content())).status_code == 302
    publish(app, users, document_id)
    run_jobs(app)
    row = rows_of(app, document_id)[name]
    assert row.retry_at is None and row.attempts == 1
    body = login_as("staff").get(f"/documents/{document_id}").get_data(True)
    assert f'data-extraction="{reason}"' in body
    api = ApiClient(app.test_client(), token=token_for("staff"))
    items = api.get(f"/api/v1/documents/{document_id}/files").get_json()["items"]
    assert items[0]["current"]["extraction"]["status"] == reason


def test_a_timeout_is_tried_again_at_1_5_and_25_minutes_then_left(
    app, users, login_as, make_document, monkeypatch
):
    document_id = make_document("40/KH-CĐBP", summary=SUMMARY)
    secretariat = login_as("secretariat")
    plan = ("ke-hoach.docx", sample_bytes("ke-hoach-36-KH-CDBP.docx"))
    assert upload_files(secretariat, document_id, plan).status_code == 302
    publish(app, users, document_id)
    app.config["EXTRACTION_TIMEOUT"] = 0.001  # the machine is too busy to read it in time
    start = clock.now()
    moment = [start]
    monkeypatch.setattr(clock, "now", lambda: moment[0])

    waits = []
    for attempt in (1, 2, 3, 4):
        run_jobs(app)
        row = rows_of(app, document_id)["ke-hoach.docx"]
        assert (row.status, row.attempts) == ("timeout", attempt)
        if row.retry_at is None:
            break
        waits.append(row.retry_at - moment[0])
        # Not before it is due: the worker's minute tick leaves it alone.
        moment[0] = row.retry_at - timedelta(seconds=1)
        run_jobs(app)
        assert rows_of(app, document_id)["ke-hoach.docx"].attempts == attempt
        moment[0] = row.retry_at
    assert waits == [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=25)]
    assert row.attempts == 4 and row.retry_at is None  # final: shown, not tried again
    moment[0] += timedelta(hours=1)
    run_jobs(app)
    assert rows_of(app, document_id)["ke-hoach.docx"].attempts == 4
    body = login_as("staff").get(f"/documents/{document_id}").get_data(True)
    assert 'data-extraction="timeout"' in body and "Quá thời gian đọc nội dung" in body


def test_a_timeout_under_load_passes_on_the_next_try_and_the_file_is_found(
    app, users, login_as, make_document, monkeypatch
):
    document_id = make_document("40/KH-CĐBP", summary=SUMMARY)
    secretariat = login_as("secretariat")
    plan = ("ke-hoach.docx", sample_bytes("ke-hoach-36-KH-CDBP.docx"))
    assert upload_files(secretariat, document_id, plan).status_code == 302
    publish(app, users, document_id)
    timeout = app.config.get("EXTRACTION_TIMEOUT", 60)
    app.config["EXTRACTION_TIMEOUT"] = 0.001
    run_jobs(app)
    row = rows_of(app, document_id)["ke-hoach.docx"]
    assert row.status == "timeout" and row.retry_at is not None
    staff = login_as("staff")
    body = staff.get(f"/documents/{document_id}").get_data(True)
    assert "sẽ đọc lại lúc" in body
    assert file_hits(search_page(staff, PLAN_WORD), "ke-hoach.docx") == []

    app.config["EXTRACTION_TIMEOUT"] = timeout  # the load has passed
    later = row.retry_at + timedelta(seconds=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    run_jobs(app)
    row = rows_of(app, document_id)["ke-hoach.docx"]
    assert (row.status, row.attempts, row.retry_at) == ("ok", 2, None)
    assert len(file_hits(search_page(staff, PLAN_WORD), "ke-hoach.docx")) == 1


def test_every_reader_reads_a_stored_blob_that_has_no_extension(tmp_path):
    """The bug of the XLSX: openpyxl refused a path without ``.xlsx``. No reader may care."""
    from intranet.extraction import extract

    cases = {
        "pdf": "ke-hoach-36-KH-CDBP.pdf",
        "docx": "ke-hoach-36-KH-CDBP.docx",
        "odt": "ke-hoach-36-KH-CDBP.odt",
        "txt": "ke-hoach-36-KH-CDBP.txt",
        "xlsx": "danh-sach-dien-hinh-tien-tien-2024.xlsx",
        "ods": "danh-sach-dien-hinh-tien-tien-2024.ods",
    }
    if TOOLS["catdoc"]:
        cases["doc"] = "ke-hoach-36-KH-CDBP.doc"
    blobs = {code: sample_bytes(name) for code, name in cases.items()}
    blobs["xls"] = xls_list()
    for code, data in blobs.items():
        blob = tmp_path / f"{code}-0123456789abcdef"  # named like the store: no extension
        blob.write_bytes(data)
        result = extract(blob, code)
        assert result.status == "ok", (code, result.message)
