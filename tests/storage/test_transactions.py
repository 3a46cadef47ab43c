"""No half records: a blob lives exactly as long as a committed row that names it."""

import io
from pathlib import Path

import pytest
from sqlalchemy import Column, ForeignKey, Integer, Table, func, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError

from intranet import storage
from intranet.extensions import db
from intranet.storage import StoredFile
from tests.storage.helpers import MINI_PDF, png_bytes


def blobs(app) -> list[Path]:
    root = Path(app.config["UPLOAD_FOLDER"])
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def row_count() -> int:
    return db.session.execute(select(func.count()).select_from(StoredFile)).scalar_one()


def test_failure_at_commit_leaves_neither_row_nor_blob(app):
    with app.app_context():
        stored, _ = storage.save(io.BytesIO(MINI_PDF), "Kế hoạch.pdf")
        path = storage.path_for(stored)
        assert path.is_file()
        # The caller's own row breaks a constraint: the commit fails after the file is safe.
        db.session.add(StoredFile(sha256="0" * 64, size=0, mime_type="x", type_code="pdf"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        assert row_count() == 0
        assert not path.exists()
    assert blobs(app) == []


def test_exception_before_commit_then_rollback_leaves_nothing(app):
    with app.app_context():
        stored, _ = storage.save(io.BytesIO(MINI_PDF), "a.pdf")
        path = storage.path_for(stored)
        db.session.rollback()  # what a service does when its next step raises
        assert not path.exists() and row_count() == 0
    assert blobs(app) == []


def test_session_closed_without_commit_leaves_nothing(app):
    # A view that raised before committing: the app context's teardown only closes the session.
    with app.app_context():
        storage.save(io.BytesIO(MINI_PDF), "a.pdf")
    assert blobs(app) == []
    with app.app_context():
        assert row_count() == 0


def test_rollback_keeps_a_blob_that_a_committed_row_names(app):
    with app.app_context():
        stored, _ = storage.save(io.BytesIO(MINI_PDF), "a.pdf")
        db.session.commit()
        path = storage.path_for(stored)
        path.unlink()  # lost from disk; the next upload of the same content brings it back
        again, _ = storage.save(io.BytesIO(MINI_PDF), "b.pdf")
        assert again.id == stored.id and path.is_file()
        db.session.rollback()
        assert path.is_file()


def test_savepoint_rollback_removes_only_the_blob_saved_inside_it(app):
    with app.app_context():
        kept, _ = storage.save(io.BytesIO(MINI_PDF), "a.pdf")
        with db.session.begin_nested() as savepoint:
            dropped, _ = storage.save(io.BytesIO(png_bytes()), "b.png")
            dropped_path = storage.path_for(dropped)
            savepoint.rollback()
        assert not dropped_path.exists()
        assert storage.path_for(kept).is_file()
        db.session.commit()
        assert storage.path_for(kept).is_file()
        assert db.session.execute(select(StoredFile.type_code)).scalars().all() == ["pdf"]


def test_commit_keeps_the_blob_for_good(app):
    with app.app_context():
        stored, _ = storage.save(io.BytesIO(MINI_PDF), "a.pdf")
        db.session.commit()
        path = storage.path_for(stored)
        db.session.rollback()  # a later rollback of nothing must not touch it
    with app.app_context():
        assert path.is_file() and row_count() == 1


@pytest.fixture
def referring_table(app):
    """A table with a foreign key to stored_file, as a domain area would have."""
    with app.app_context():
        table = Table(
            "storage_test_attachment",
            db.metadata,
            Column("id", Integer, primary_key=True),
            Column("stored_file_id", ForeignKey("stored_file.id")),
        )
        table.create(db.engine)
    yield table
    with app.app_context():
        table.drop(db.engine)
        db.metadata.remove(table)


def test_purge_refuses_a_file_that_a_record_points_at(app, referring_table):
    with app.app_context():
        stored, _ = storage.save(io.BytesIO(MINI_PDF), "a.pdf")
        db.session.flush()
        db.session.execute(insert(referring_table).values(stored_file_id=stored.id))
        db.session.commit()
        assert storage.is_referenced(stored)
        assert storage.purge_if_unreferenced(stored) is False
        db.session.commit()
        assert row_count() == 1 and storage.path_for(stored).is_file()


def test_purge_of_unreferenced_file_removes_row_and_blob_on_commit(app, referring_table):
    with app.app_context():
        stored, _ = storage.save(io.BytesIO(MINI_PDF), "a.pdf")
        db.session.commit()
        path = storage.path_for(stored)
        assert storage.purge_if_unreferenced(stored) is True
        assert path.is_file()  # not before the delete is committed
        db.session.commit()
        assert not path.exists() and row_count() == 0


def test_purge_rolled_back_keeps_row_and_blob(app):
    with app.app_context():
        stored, _ = storage.save(io.BytesIO(MINI_PDF), "a.pdf")
        db.session.commit()
        path = storage.path_for(stored)
        storage.purge_if_unreferenced(stored)
        db.session.rollback()
        assert path.is_file() and row_count() == 1
        assert storage.verify(stored)


def test_purge_twice_in_one_transaction_is_harmless(app):
    with app.app_context():
        stored, _ = storage.save(io.BytesIO(MINI_PDF), "a.pdf")
        db.session.commit()
        assert storage.purge_if_unreferenced(stored)
        assert storage.purge_if_unreferenced(stored)
        db.session.commit()
        assert row_count() == 0


def test_content_purged_and_uploaded_again_in_one_transaction_keeps_its_blob(app):
    with app.app_context():
        stored, _ = storage.save(io.BytesIO(MINI_PDF), "a.pdf")
        db.session.commit()
        path = storage.path_for(stored)
        storage.purge_if_unreferenced(stored)
        storage.save(io.BytesIO(MINI_PDF), "a.pdf")
        db.session.commit()
        assert path.is_file() and row_count() == 1


def test_blob_of_a_released_savepoint_goes_when_the_outer_transaction_rolls_back(app):
    with app.app_context():
        with db.session.begin_nested():
            stored, _ = storage.save(io.BytesIO(MINI_PDF), "a.pdf")
        path = storage.path_for(stored)
        assert path.is_file()
        db.session.rollback()
        # On PostgreSQL the row is gone, and so is the blob. pysqlite (without SQLAlchemy's
        # SAVEPOINT recipe) commits on RELEASE when no BEGIN was sent: the row stays, and the
        # blob with it. Either way, a blob exists exactly when its row does.
        assert path.exists() == (row_count() == 1)
        if db.engine.dialect.name == "postgresql":
            assert not path.exists()


def test_exception_inside_a_savepoint_removes_its_blob(app):
    with app.app_context():
        with pytest.raises(RuntimeError), db.session.begin_nested():
            stored, _ = storage.save(io.BytesIO(MINI_PDF), "a.pdf")
            path = storage.path_for(stored)
            raise RuntimeError("the next step failed")
        assert not path.exists()
        db.session.commit()
        assert row_count() == 0


def test_cleanup_keeps_the_blob_when_the_database_cannot_be_asked(app, monkeypatch):
    from intranet.storage import tracking

    def unreachable(session, hashes):
        raise OperationalError("select", {}, Exception("server closed the connection"))

    with app.app_context():
        stored, _ = storage.save(io.BytesIO(MINI_PDF), "a.pdf")
        path = storage.path_for(stored)
        monkeypatch.setattr(tracking, "_committed_hashes", unreachable)
        db.session.rollback()  # does not raise
        assert path.is_file()
