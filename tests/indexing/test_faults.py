"""Index upkeep under faults: the index deleted, unopenable or locked while records are added. The
archive keeps working, search says it is degraded, nothing queued is lost, and the index catches up;
``search reindex`` rebuilds every record and ``check`` compares the index with the database."""

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from intranet import storage
from intranet.documents import services as documents
from intranet.documents.models import Document, DocumentFile
from intranet.extensions import db
from intranet.indexing import records, worker
from intranet.indexing.models import ExtractedText, SearchOutbox
from intranet.search import IndexRecord, IndexUnavailable
from tests.indexing.conftest import (
    index_keys,
    outbox_count,
    outbox_keys,
    run_worker,
    sample,
    search_page,
    upload_files,
)

DEGRADED = "Chức năng tìm kiếm tạm thời gián đoạn; dữ liệu vẫn an toàn. Hãy thử lại sau ít phút."
NO_RESULTS = "Không tìm thấy kết quả"


@pytest.fixture
def archive(app, make_document, make_nomination):
    """Records of every kind, indexed: {name: unique word found only in that record}."""
    words = {}
    make_document(
        "36/KH-CĐBP",
        publish=True,
        summary="Kế hoạch xylophonkehoach",
        attachments=[("ke-hoach.pdf", sample("ke-hoach-36-KH-CDBP.pdf"))],
    )
    words["plan"] = "xylophonkehoach"
    words["plan file"] = "Nguyễn Bích Liên"
    make_document("37/TB-CĐBP", summary="Dự thảo xylophonduthao")
    words["draft"] = "xylophonduthao"
    make_nomination(
        "staff",
        name="Lê Văn Xylophonđiểnhình",
        evidence=[("minh-chung.txt", "Minh chứng xylophonminhchung".encode())],
    )
    words["exemplar"] = "Xylophonđiểnhình"
    words["evidence"] = "xylophonminhchung"
    run_worker(app)
    return words


def add_document_through_the_pages(app, make_document, login_as, symbol: str, word: str) -> int:
    """A new document and an upload through its page, which must succeed whatever the index;
    then it is issued (files are attached before issue: an issued document takes none)."""
    document_id = make_document(symbol, summary=f"Văn bản {word}")
    secretariat = login_as("secretariat")
    response = upload_files(secretariat, document_id, ("tep.txt", f"Tệp {word}".encode()))
    assert response.status_code == 302
    assert response.location.endswith(f"/documents/{document_id}")
    page = secretariat.get(f"/documents/{document_id}")
    assert page.status_code == 200
    assert "Đã tải lên 1 tệp." in page.get_data(as_text=True)
    with app.app_context():
        document = db.session.get(Document, document_id)
        documents.publish(document, document.created_by)
    with app.app_context():
        doc_file = db.session.execute(
            select(DocumentFile).where(DocumentFile.document_id == document_id)
        ).scalar_one()
        assert storage.path_for(doc_file.current.stored).is_file()
    return document_id


def assert_all_found(login_as, words: dict[str, str]) -> None:
    inspector = login_as("inspector")
    for name, word in words.items():
        page = search_page(inspector, word)
        assert page.total and page.total >= 1, name
        assert not page.degraded


def assert_degraded(page) -> None:
    assert page.status == 200
    assert page.degraded
    assert page.total is None
    assert NO_RESULTS not in page.html
    assert page.hits == []


def break_index(app, how: str) -> None:
    folder = Path(app.config["INDEX_FOLDER"])
    shutil.rmtree(folder)
    if how == "replaced by a file":
        folder.write_text("không phải chỉ mục")


@pytest.mark.parametrize("how", ["deleted", "replaced by a file"])
def test_uploads_succeed_while_the_index_is_gone_and_the_index_catches_up(
    backend, app, archive, make_document, login_as, how
):
    break_index(app, how)
    words = dict(archive)
    for number in (41, 42):
        word = f"xylophonmoi{number}"
        add_document_through_the_pages(app, make_document, login_as, f"{number}/TB-CĐBP", word)
        words[f"new {number}"] = word
    # Search says it is degraded, not "no results", for every reader and every query.
    for who in ("staff", "inspector"):
        assert_degraded(search_page(login_as(who), "xylophonkehoach"))
        assert_degraded(search_page(login_as(who), None, type="document"))
    # Extraction does not need the index.
    with app.app_context():
        while worker.extract_pending():
            pass
        assert {r.status for r in db.session.execute(select(ExtractedText)).scalars()} == {"ok"}
    queued = outbox_keys(app)
    assert queued
    if how == "replaced by a file":
        # The worker cannot open the index: it says so and keeps every queued change.
        with app.app_context(), pytest.raises(IndexUnavailable):
            worker.process_outbox()
        assert outbox_keys(app) == queued
        assert_degraded(search_page(login_as("staff"), "xylophonmoi41"))
        Path(app.config["INDEX_FOLDER"]).unlink()  # the administrator clears the way
    # The next run rebuilds a missing index whole: old records and new ones.
    run_worker(app)
    assert outbox_count(app) == 0
    assert_all_found(login_as, words)
    with app.app_context():
        assert index_keys(app) == set(records.all_keys())


def test_an_index_restored_from_a_copy_catches_up_from_the_outbox(
    backend, app, archive, make_document, login_as, tmp_path
):
    copy = tmp_path / "index-copy"
    shutil.copytree(app.config["INDEX_FOLDER"], copy)
    break_index(app, "replaced by a file")
    words = dict(archive)
    document_id = add_document_through_the_pages(
        app, make_document, login_as, "43/TB-CĐBP", "xylophonsaoluu"
    )
    words["new"] = "xylophonsaoluu"
    with app.app_context():
        while worker.extract_pending():
            pass
        with pytest.raises(IndexUnavailable):
            worker.process_outbox()
    assert f"document:{document_id}" in outbox_keys(app)
    # Put back the copy: it lacks the new record until the outbox is applied.
    Path(app.config["INDEX_FOLDER"]).unlink()
    shutil.copytree(copy, app.config["INDEX_FOLDER"])
    assert search_page(login_as("inspector"), "xylophonsaoluu").total == 0
    with app.app_context():
        assert worker.process_outbox() > 0
    assert outbox_count(app) == 0
    assert_all_found(login_as, words)


def test_the_worker_task_keeps_the_outbox_when_the_index_cannot_be_opened(
    backend, app, archive, make_document, monkeypatch
):
    from intranet import tasks

    monkeypatch.setattr(tasks, "_app", app)
    break_index(app, "replaced by a file")
    make_document("44/TB-CĐBP", publish=True, summary="Văn bản xylophontask")
    queued = outbox_keys(app)
    tasks.index_pending.call_local()  # logs a warning, never raises
    assert outbox_keys(app) == queued
    Path(app.config["INDEX_FOLDER"]).unlink()
    tasks.index_pending.call_local()
    assert outbox_count(app) == 0
    assert "document:" in " ".join(index_keys(app))


def test_a_locked_index_keeps_the_outbox_and_search_still_reads(
    backend, app, archive, make_document, login_as, monkeypatch
):
    """Another writer holds the index: the worker gives up for now, readers are not affected."""
    monkeypatch.setattr("intranet.search.whoosh_backend.WRITE_TIMEOUT", 0.2)
    with app.app_context():
        holder = worker.open_index()
    lock = holder._ix.writer(timeout=0.2) if backend == "whoosh" else holder._index.writer()
    try:
        make_document("45/TB-CĐBP", publish=True, summary="Văn bản xylophonkhoa")
        queued = outbox_keys(app)
        with app.app_context(), pytest.raises(IndexUnavailable):
            worker.process_outbox()
        assert outbox_keys(app) == queued
        page = search_page(login_as("inspector"), archive["plan"])
        assert page.total == 1 and not page.degraded
    finally:
        lock.cancel() if backend == "whoosh" else lock.rollback()
        del lock
        holder.close()
    run_worker(app)
    assert search_page(login_as("inspector"), "xylophonkhoa").total == 1


def test_reindex_command_rebuilds_every_record(backend, app, archive, runner, login_as):
    # The index emptied behind the database's back.
    with app.app_context():
        backend_ = worker.open_index()
        backend_.clear()
        backend_.close()
        expected = set(records.all_keys())
    assert search_page(login_as("inspector"), archive["plan"]).total == 0
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert f"Đã lập chỉ mục {len(expected)} hồ sơ." in result.output
    assert index_keys(app) == expected
    assert_all_found(login_as, archive)
    # From nothing at all, too.
    shutil.rmtree(app.config["INDEX_FOLDER"])
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert index_keys(app) == expected
    assert_all_found(login_as, archive)


def test_reindex_extracts_files_not_yet_read(backend, app, make_document, runner, login_as):
    make_document(
        "46/KH-CĐBP",
        publish=True,
        attachments=[("ke-hoach.odt", sample("ke-hoach-36-KH-CDBP.odt"))],
    )
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert outbox_count(app) == 0
    assert search_page(login_as("staff"), "Nguyễn Bích Liên").total == 1


def test_reindex_command_fails_clearly_when_the_index_cannot_be_written(
    backend, app, archive, runner
):
    break_index(app, "replaced by a file")
    queued_before = outbox_count(app)
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code != 0
    assert "Không ghi được chỉ mục" in result.output
    assert outbox_count(app) == queued_before


def check(runner):
    """``flask check``: a plain click command, which the ``flask`` program runs in the app's
    context (FlaskGroup pushes it); the test runner does not, so the test does."""
    with runner.app.app_context():
        result = runner.invoke(args=["check"])
    return result.exit_code, result.output


def test_check_reports_missing_and_orphan_index_entries(backend, app, archive, runner):
    code, output = check(runner)
    assert code == 0, output
    assert "OK" in output
    with app.app_context():
        keys = sorted(records.all_keys())
        missing = next(k for k in keys if k.startswith("file:"))
        index = worker.open_index()
        index.delete([missing])
        index.index(
            [IndexRecord(key="document:9999", type="document", title="Đã xoá", acl=["all"])]
        )
        index.close()
    code, output = check(runner)
    assert code == 1
    assert f"Chưa có trong chỉ mục: {missing}" in output
    assert "Chỉ mục có mục không còn bản ghi: document:9999" in output
    assert "2 vấn đề" in output
    # A record whose change is still queued is not reported: the worker will apply it.
    with app.app_context():
        db.session.add(SearchOutbox(key=missing))
        db.session.commit()
    code, output = check(runner)
    assert f"Chưa có trong chỉ mục: {missing}" not in output
    assert "1 thay đổi đang chờ cập nhật chỉ mục." in output
    # After the worker, consistent again.
    run_worker(app)
    with app.app_context():
        index = worker.open_index()
        index.delete(["document:9999"])
        index.close()
    code, output = check(runner)
    assert code == 0, output


def test_check_reports_an_index_that_is_gone_or_unreadable(backend, app, archive, runner):
    shutil.rmtree(app.config["INDEX_FOLDER"])
    code, output = check(runner)
    assert code == 1
    assert output.count("Chưa có trong chỉ mục:") == len(records_keys(app))
    # The check never creates an empty index in its place (the worker rebuilds it whole).
    assert not Path(app.config["INDEX_FOLDER"]).exists()
    Path(app.config["INDEX_FOLDER"]).write_text("x")
    code, output = check(runner)
    assert code == 1
    assert "Không mở được chỉ mục tìm kiếm" in output


def test_check_on_a_consistent_archive_with_nothing_in_it(app, users, runner):
    run_worker(app)
    code, output = check(runner)
    assert code == 0, output


def records_keys(app) -> list[str]:
    with app.app_context():
        return records.all_keys()


def test_a_search_before_any_index_exists_is_degraded_not_empty(app, users, login_as):
    page = search_page(login_as("staff"), "điển hình")
    assert_degraded(page)
    assert not Path(app.config["INDEX_FOLDER"]).exists()  # reading never creates it
    run_worker(app)
    page = search_page(login_as("staff"), "điển hình")
    assert page.total == 0 and not page.degraded
    assert NO_RESULTS in page.html


def test_export_while_degraded_says_so_instead_of_an_empty_file(app, users, login_as):
    inspector = login_as("inspector")
    response = inspector.get("/search/export.xlsx", query_string={"q": "điển hình"})
    assert response.status_code == 302
    page = inspector.get(response.location)
    assert DEGRADED in page.get_data(as_text=True)


def test_issue_date_is_kept_by_the_index(app, make_document, login_as):
    """A sanity check of the record built for the index: the date shown is the document's."""
    make_document("47/TB-CĐBP", publish=True, issued_on=date(2022, 12, 30), summary="xylophonngay")
    run_worker(app)
    page = search_page(login_as("staff"), "xylophonngay", sort="date")
    assert "30/12/2022" in page.html
