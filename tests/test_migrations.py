"""`flask db upgrade` on an empty database builds exactly the schema of the models."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from intranet import create_app
from intranet.extensions import db
from tests.conftest import TEST_DATABASE_URL


def fresh_app(tmp_path, url):
    config = {
        "TESTING": True,
        "SECRET_KEY": "khoa-thu-nghiem",
        "DATABASE_URL": url,
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "INDEX_FOLDER": str(tmp_path / "index"),
    }
    return create_app(config, instance_path=str(tmp_path / "instance"))


def drop_everything(app):
    """Every table of the models and Alembic's own, so the other tests start clean."""
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.engine.dispose()


def schema_differences(app) -> list:
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def upgrade_and_compare(app):
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert "alembic_version" in tables
    assert {"unit", "user", "user_role", "login_session"} <= tables
    assert schema_differences(app) == []


def test_upgrade_on_a_fresh_sqlite_file_matches_the_models(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    app = fresh_app(tmp_path, f"sqlite:///{database}")
    assert not database.exists()
    upgrade_and_compare(app)


def test_upgrade_twice_changes_nothing(tmp_path):
    app = fresh_app(tmp_path, f"sqlite:///{tmp_path / 'again.sqlite3'}")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert schema_differences(app) == []


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="INTRANET_TEST_DATABASE_URL is not set")
def test_upgrade_on_a_fresh_postgresql_database_matches_the_models(tmp_path):
    app = fresh_app(tmp_path, TEST_DATABASE_URL)
    drop_everything(app)
    try:
        upgrade_and_compare(app)
    finally:
        drop_everything(app)
