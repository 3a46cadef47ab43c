"""The outbox as a log followed by several hosts' indexes on one database (issue 21): each index
applies the entries after its own place, entries go once every live host has applied them, a new
host builds its index from the database, a forgotten one rebuilds; jobs run once per deployment."""

import contextlib
import json
import os
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, text, update

from intranet import clock, once, tasks
from intranet.documents.models import Document
from intranet.extensions import db
from intranet.indexing import worker
from intranet.indexing.models import IndexHost, SearchOutbox
from intranet.storage import StoredFile
from tests.conftest import TEST_DATABASE_URL
from tests.indexing.conftest import index_keys, outbox_count, run_worker, search_page


@contextlib.contextmanager
def host(app, name: str, tmp_path):
    """The app as host ``name``, with its own index folder."""
    saved = app.config["HOST_NAME"], app.config["INDEX_FOLDER"]
    app.config["HOST_NAME"], app.config["INDEX_FOLDER"] = name, str(tmp_path / f"index-{name}")
    try:
        yield
    finally:
        app.config["HOST_NAME"], app.config["INDEX_FOLDER"] = saved


def rename(app, document_id: int, summary: str) -> None:
    with app.app_context():
        db.session.get(Document, document_id).summary = summary
        db.session.commit()


def applied(app) -> dict[str, int | None]:
    with app.app_context():
        return {h.name: h.applied_seq for h in db.session.execute(select(IndexHost)).scalars()}


def test_each_host_applies_the_log_to_its_own_index_and_entries_go_once_all_have(
    app, make_document, tmp_path
):
    first = make_document("40/TB-CĐBP", summary="Thông báo một")
    with host(app, "a", tmp_path):
        run_worker(app)  # a new host: built from the database
        assert f"document:{first}" in index_keys(app)
    with host(app, "b", tmp_path):
        run_worker(app)
        assert f"document:{first}" in index_keys(app)
    assert outbox_count(app) == 0

    second = make_document("41/TB-CĐBP", summary="Thông báo hai")
    rename(app, first, "Thông báo một, sửa")
    with host(app, "a", tmp_path):
        assert run_worker(app) == 2
        assert f"document:{second}" in index_keys(app)
    # Host b has not applied them: they stay in the log, and b has them pending.
    assert outbox_count(app) == 2
    with host(app, "b", tmp_path), app.app_context():
        assert worker.pending() == 2
        assert f"document:{second}" not in index_keys(app)
    with host(app, "b", tmp_path):
        assert run_worker(app) == 2
        assert f"document:{second}" in index_keys(app)
    assert outbox_count(app) == 0
    marks = applied(app)
    assert marks["a"] == marks["b"]


def test_an_entry_committed_late_is_placed_after_what_hosts_have_applied(app, tmp_path):
    with app.app_context():
        db.session.add(SearchOutbox(id=50, key="document:999"))
        db.session.commit()
        worker.sequence()
        early = db.session.execute(select(SearchOutbox.seq)).scalar_one()
        # A smaller id committed after the larger one was placed (a slow transaction).
        db.session.add(SearchOutbox(id=10, key="document:998"))
        db.session.commit()
        worker.sequence()
        late = db.session.execute(
            select(SearchOutbox.seq).where(SearchOutbox.id == 10)
        ).scalar_one()
    assert late > early


def test_a_host_unseen_for_days_is_forgotten_and_rebuilds_when_back(app, make_document, tmp_path):
    first = make_document("42/TB-CĐBP", summary="Thông báo ba")
    for name in ("a", "b"):
        with host(app, name, tmp_path):
            run_worker(app)
    with app.app_context():
        db.session.execute(
            update(IndexHost)
            .where(IndexHost.name == "b")
            .values(seen_at=clock.now() - timedelta(days=app.config["HOST_FORGET_DAYS"] + 1))
        )
        db.session.commit()
    second = make_document("43/TB-CĐBP", summary="Thông báo bốn")
    with host(app, "a", tmp_path):
        run_worker(app)
    # b no longer holds the log back, and must rebuild: its cursor cannot be trusted.
    assert outbox_count(app) == 0
    assert applied(app)["b"] is None
    with host(app, "b", tmp_path):
        run_worker(app)
        assert {f"document:{first}", f"document:{second}"} <= index_keys(app)
    assert applied(app)["b"] is not None


def test_the_cursor_sits_beside_the_index_and_a_lost_one_means_a_rebuild(
    app, make_document, tmp_path
):
    make_document("44/TB-CĐBP")
    with host(app, "a", tmp_path), app.app_context():
        run_worker(app)
        path = worker._cursor_path()
        with open(path, encoding="utf-8") as fh:
            assert json.load(fh) == {"applied_seq": applied(app)["a"], "host": "a"}
        assert worker._start_cursor() == applied(app)["a"]
        # An index whose cursor is older than its row (a copy restored) may lack pruned entries.
        with open(path, "w", encoding="utf-8") as fh:
            json.dump({"applied_seq": applied(app)["a"] - 1, "host": "a"}, fh)
        assert worker._start_cursor() is None
        os.unlink(path)  # an index without its cursor: rebuilt too
        assert worker._start_cursor() is None


def test_the_daily_job_runs_once_whichever_host_takes_it(app, monkeypatch):
    runs = []
    monkeypatch.setattr("intranet.supervision.reminders.send_due", lambda: runs.append(1))
    monkeypatch.setattr("intranet.checks.run_and_keep", lambda **kwargs: None)
    tasks.bind(app)
    for name in ("a", "b", "a"):
        app.config["HOST_NAME"] = name
        tasks.daily.call_local()
    assert runs == [1]
    with app.app_context():
        app.config["HOST_NAME"] = "b"
        assert once.claim("nightly_backup", "2026-12-03", retry=True)
        assert once.claim("nightly_backup", "2026-12-03", retry=True)  # b may retry its night
        app.config["HOST_NAME"] = "a"
        assert not once.claim("nightly_backup", "2026-12-03", retry=True)


def test_the_follower_builds_a_missing_index_then_follows_the_log(
    app, make_document, tmp_path, monkeypatch
):
    first = make_document("45/TB-CĐBP")
    run_worker(app)  # this host's index, and an empty log
    tasks.bind(app)
    monkeypatch.setattr(tasks, "ALIVE_EVERY", 0.0)
    with host(app, "b", tmp_path):  # a new host: no index, nothing left in the log
        stop = threading.Event()
        follower = threading.Thread(target=tasks.follow_log, args=(0.05, stop), daemon=True)
        follower.start()
        try:
            assert wait_for(lambda: applied(app).get("b") is not None)
            second = make_document("46/TB-CĐBP")
            assert wait_for(lambda: not pending(app))
            # A restore forgets every host's place: the follower finds out and rebuilds.
            with app.app_context():
                worker.forget_hosts()
            assert wait_for(lambda: applied(app).get("b") is not None)
        finally:
            stop.set()
            follower.join(timeout=10)
        assert {f"document:{first}", f"document:{second}"} <= index_keys(app)


def pending(app) -> int:
    with app.app_context():
        return worker.pending()


def wait_for(predicate, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="INTRANET_TEST_DATABASE_URL is not set")
def test_a_file_is_extracted_once_here_whatever_another_archive_in_the_database_locks(
    backend, app, make_document, login_as
):
    """PostgreSQL's advisory locks are one set per database: a file being read by another
    archive in another schema (a test process, a training copy) is no reason to leave ours."""
    make_document(
        "36/KH-CĐBP", publish=True, attachments=[("tep.txt", "Tệp xylophonkhoa".encode())]
    )
    with app.app_context():
        file_id = db.session.execute(select(StoredFile.id)).scalar_one()
        lock = text(f"SELECT pg_advisory_xact_lock({worker.EXTRACT_LOCK})")

        def extracted_while_locked(schema: str) -> int:
            with db.engine.connect() as other, other.begin():
                other.execute(text(f"SET LOCAL search_path TO {schema}"))
                other.execute(lock, {"id": str(file_id)})
                return worker.extract_pending()

        ours = db.session.execute(text("SELECT current_schema()")).scalar_one()
        assert extracted_while_locked(ours) == 0  # a worker here is reading it: left to that one
        assert extracted_while_locked("public") == 1
    run_worker(app)
    assert search_page(login_as("staff"), "xylophonkhoa").total == 1  # its file
