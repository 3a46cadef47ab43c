"""Extraction faults through the whole pipeline: a file whose extraction crashes, times out, is
encrypted or a bomb is stored, marked with a reason, never blocks the worker, and the rest of the
batch is extracted and indexed; the huey task does the same work as the tests' own worker calls."""

import io
import time
import zipfile

import pytest
from sqlalchemy import select

from intranet import storage, tasks
from intranet.documents.models import Document, DocumentFile
from intranet.extensions import db
from intranet.indexing import worker
from intranet.indexing.models import ExtractedText
from tests.extraction import forge
from tests.indexing.conftest import (
    outbox_count,
    run_worker,
    sample,
    search_page,
    upload_files,
)

PLAN_PDF = "ke-hoach-36-KH-CDBP.pdf"
PLAN_DOCX = "ke-hoach-36-KH-CDBP.docx"
SIGNER = "Nguyễn Bích Liên"  # in the plan's text, in every format


def truncated_pdf() -> bytes:
    """The real plan cut at a third, with an end marker: it passes the store's check (a header
    and %%EOF), and no reader can make sense of it."""
    data = sample(PLAN_PDF)
    return data[: len(data) // 3] + b"\n%%EOF\n"


def garbage_pdf() -> bytes:
    """A valid header and end marker around bytes that are no PDF at all."""
    return b"%PDF-1.7\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"


def damaged_docx() -> bytes:
    """The real DOCX with its main part replaced by XML that does not parse."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(sample(PLAN_DOCX))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2] + b"<w:p><unclosed"
            target.writestr(item, data)
    return out.getvalue()


def zip_bomb_docx(tmp_path) -> bytes:
    path = tmp_path / "bom.docx"
    forge.zip_bomb_docx(path, inflated_mb=300)
    return path.read_bytes()


def extraction_of(app, document_id: int) -> dict[str, ExtractedText]:
    """{original name: its ExtractedText row (detached)} for a document's files."""
    with app.app_context():
        out = {}
        for doc_file in db.session.get(Document, document_id).files:
            row = db.session.get(ExtractedText, doc_file.current.stored_file_id)
            if row is not None:
                row.text  # noqa: B018  (deferred: read while the row has its session)
                db.session.expunge(row)
            out[doc_file.current.original_name] = row
        return out


def assert_page_lists(client, document_id: int, names) -> None:
    response = client.get(f"/documents/{document_id}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    for name in names:
        assert name in body


def test_crashing_files_are_stored_marked_and_the_rest_of_the_batch_is_indexed(
    backend, app, make_document, login_as, tmp_path
):
    document_id = make_document("50/KH-CĐBP", summary="Kế hoạch có tệp hỏng")
    files = {
        "bao-cao-cat-cut.pdf": truncated_pdf(),
        "bao-cao-rac.pdf": garbage_pdf(),
        "bao-cao-hong.docx": damaged_docx(),
        "bao-cao-mat-khau.pdf": forge.pdf(b"BT /F1 12 Tf (bi mat) Tj ET", encrypt_with=b"mk"),
        "bao-cao-bom.docx": zip_bomb_docx(tmp_path),
        "ke-hoach.docx": sample(PLAN_DOCX),
        "ke-hoach.txt": sample("ke-hoach-36-KH-CDBP.txt"),
    }
    secretariat = login_as("secretariat")
    response = upload_files(secretariat, document_id, *files.items())
    assert response.status_code == 302
    # Every file is stored, as uploaded.
    with app.app_context():
        stored = {
            f.current.original_name: storage.path_for(f.current.stored).read_bytes()
            for f in db.session.execute(select(DocumentFile)).scalars()
        }
    assert stored == files

    run_worker(app)  # one batch: the bad files do not stop the good ones

    rows = extraction_of(app, document_id)
    for name in ("bao-cao-cat-cut.pdf", "bao-cao-rac.pdf", "bao-cao-hong.docx"):
        assert rows[name].status == "failed", name
        assert rows[name].message, name
        assert rows[name].text == ""
    assert rows["bao-cao-mat-khau.pdf"].status == "encrypted"
    assert rows["bao-cao-mat-khau.pdf"].message
    assert rows["bao-cao-bom.docx"].status != "ok"
    assert rows["bao-cao-bom.docx"].message
    assert rows["ke-hoach.docx"].status == rows["ke-hoach.txt"].status == "ok"
    # Nothing is left to do, and nothing is retried forever.
    with app.app_context():
        assert worker.extract_pending() == 0
    assert outbox_count(app) == 0

    staff = login_as("inspector")
    assert_page_lists(staff, document_id, files)
    page = search_page(staff, SIGNER)
    assert sorted(h.title for h in page.hits) == [
        "ke-hoach.docx (50/KH-CĐBP)",
        "ke-hoach.txt (50/KH-CĐBP)",
    ]
    # A file without text is still in the index by its name, and leads to its document.
    page = search_page(staff, "bao cao hong")
    assert [h.title for h in page.hits] == ["bao-cao-hong.docx (50/KH-CĐBP)"]
    assert page.urls == [f"/documents/{document_id}"]


def test_a_file_whose_extraction_times_out_is_stored_and_marked(
    backend, app, make_document, login_as
):
    document_id = make_document("51/KH-CĐBP", summary="Kế hoạch xylophonhethan")
    secretariat = login_as("secretariat")
    assert upload_files(secretariat, document_id, (PLAN_PDF, sample(PLAN_PDF))).status_code == 302
    app.config["EXTRACTION_TIMEOUT"] = 0.001
    started = time.monotonic()
    run_worker(app)
    assert time.monotonic() - started < 30
    row = extraction_of(app, document_id)[PLAN_PDF]
    assert row.status == "timeout"
    assert row.message
    assert row.text == ""
    staff = login_as("inspector")
    assert_page_lists(staff, document_id, [PLAN_PDF])
    # The document and the file's record are indexed all the same.
    assert search_page(staff, "xylophonhethan").total == 1
    assert search_page(staff, "ke hoach 36 KH CDBP pdf").total >= 1
    assert search_page(staff, SIGNER).total == 0

    # Files uploaded afterwards are extracted as usual: the timed-out one did not block them.
    app.config["EXTRACTION_TIMEOUT"] = 60
    assert (
        upload_files(
            secretariat, document_id, ("ke-hoach.txt", sample("ke-hoach-36-KH-CDBP.txt"))
        ).status_code
        == 302
    )
    run_worker(app)
    assert extraction_of(app, document_id)["ke-hoach.txt"].status == "ok"
    assert extraction_of(app, document_id)[PLAN_PDF].status == "timeout"  # kept, not retried
    assert [h.title for h in search_page(staff, SIGNER).hits] == ["ke-hoach.txt (51/KH-CĐBP)"]


def test_a_batch_that_times_out_whole_is_marked_file_by_file(backend, app, make_document, login_as):
    app.config["EXTRACTION_TIMEOUT"] = 0.001
    document_id = make_document(
        "52/KH-CĐBP",
        publish=True,
        attachments=[(name, sample(name)) for name in (PLAN_PDF, PLAN_DOCX)],
    )
    run_worker(app)
    rows = extraction_of(app, document_id)
    assert {name: row.status for name, row in rows.items()} == {
        PLAN_PDF: "timeout",
        PLAN_DOCX: "timeout",
    }
    assert outbox_count(app) == 0
    page = search_page(login_as("staff"), "52/KH-CĐBP")
    assert page.total == 3  # the document and its two files, by their metadata


def test_a_stored_file_gone_from_disk_is_marked_and_does_not_stop_the_worker(
    backend, app, make_document, login_as
):
    document_id = make_document(
        "53/KH-CĐBP",
        publish=True,
        attachments=[
            ("mat.txt", "Tệp sẽ mất".encode()),
            ("con.txt", "Tệp xylophonconlai".encode()),
        ],
    )
    with app.app_context():
        lost = (
            db.session.execute(
                select(DocumentFile).join(Document).where(Document.id == document_id)
            )
            .scalars()
            .first()
        )
        storage.path_for(lost.current.stored).unlink()
    run_worker(app)
    rows = extraction_of(app, document_id)
    assert rows["mat.txt"].status == "failed" and rows["mat.txt"].message
    assert rows["con.txt"].status == "ok"
    assert search_page(login_as("staff"), "xylophonconlai").total == 1


@pytest.fixture
def bound(app, monkeypatch):
    """The huey tasks run inside this app (as `flask worker` binds them)."""
    monkeypatch.setattr(tasks, "_app", None)
    tasks.bind(app)
    return tasks


def test_the_index_task_extracts_and_indexes(backend, app, bound, make_document, login_as):
    document_id = make_document("54/KH-CĐBP", summary="Kế hoạch xylophontask")
    secretariat = login_as("secretariat")
    response = upload_files(secretariat, document_id, (PLAN_PDF, sample(PLAN_PDF)))
    assert response.status_code == 302
    staff = login_as("inspector")
    assert search_page(staff, "xylophontask").degraded  # no worker has run yet
    bound.index_pending.call_local()
    assert extraction_of(app, document_id)[PLAN_PDF].status == "ok"
    assert outbox_count(app) == 0
    assert search_page(staff, "xylophontask").total == 1
    assert search_page(staff, SIGNER).total == 1
    # The periodic catch-up does the same, and is harmless with nothing to do.
    bound.catch_up.call_local()
    assert outbox_count(app) == 0


def test_a_commit_wakes_the_worker_when_notification_is_on(
    backend, app, bound, make_document, login_as
):
    """With a worker listening (huey run in-process here), an upload through the page is
    searchable as soon as the request returns."""
    tasks.huey.immediate = True  # tasks run at once, in memory
    app.config["WORKER_NOTIFY"] = True
    try:
        document_id = make_document("55/KH-CĐBP", summary="Kế hoạch xylophonngay")
        secretariat = login_as("secretariat")
        response = upload_files(
            secretariat, document_id, ("ke-hoach.txt", sample("ke-hoach-36-KH-CDBP.txt"))
        )
        assert response.status_code == 302
    finally:
        app.config["WORKER_NOTIFY"] = False
        tasks.huey.immediate = False
    assert outbox_count(app) == 0
    staff = login_as("inspector")
    assert search_page(staff, "xylophonngay").total == 1
    assert search_page(staff, SIGNER).total == 1


def test_a_queue_that_is_down_never_fails_a_request(
    backend, app, bound, make_document, login_as, monkeypatch
):
    def broken(*args, **kwargs):
        raise ConnectionError("the queue is down")

    monkeypatch.setattr(tasks, "index_pending", broken)
    app.config["WORKER_NOTIFY"] = True
    document_id = make_document("56/KH-CĐBP")
    response = upload_files(login_as("secretariat"), document_id, ("a.txt", b"xylophonhangdoi"))
    assert response.status_code == 302
    app.config["WORKER_NOTIFY"] = False
    assert outbox_count(app) > 0  # kept for the periodic catch-up
    run_worker(app)
    assert search_page(login_as("inspector"), "xylophonhangdoi").total == 1
