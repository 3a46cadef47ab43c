"""Every foreign key has an index whose leading columns are the key's, in the models and in the
database that `flask db upgrade` builds (SQLite, and PostgreSQL when INTRANET_TEST_DATABASE_URL is
set); so do the columns the lists sort by. Without one, a page that asks for the rows of one parent
(a document's audience, a nomination's evidence) scans the whole child table, once per row.
"""

import pytest
from sqlalchemy import inspect

from intranet.extensions import db
from tests.conftest import TEST_DATABASE_URL
from tests.test_migrations import drop_everything, fresh_app

# The columns the lists filter and sort by (beside the foreign keys): (table, leading columns).
LIST_COLUMNS = (
    ("document", ("issued_on",)),
    ("document", ("kind",)),
    ("document", ("status",)),
    ("document", ("year",)),
    ("document", ("unit_id",)),
    ("exemplar", ("year",)),
    ("exemplar", ("stage",)),
    ("exemplar", ("unit_id",)),
    ("award_line", ("document_id",)),
    ("award_line", ("exemplar_id",)),
    ("audit_entry", ("at",)),
    ("audit_entry", ("action",)),
    ("audit_entry", ("actor_id",)),
    ("audit_entry", ("record_type", "record_id")),
    ("audit_entry", ("seq",)),
    ("inspection", ("inspected_on",)),
    ("inspection", ("unit_id",)),
    ("unit_report", ("year",)),
    ("notification", ("user_id", "read_at")),
)


def covered(columns: tuple, leading: list[tuple]) -> bool:
    """Whether some index (or primary key, or unique constraint) starts with ``columns``."""
    return any(tuple(index[: len(columns)]) == tuple(columns) for index in leading)


def unindexed(tables: dict[str, tuple[list[tuple], list[tuple]]]) -> list[str]:
    """``tables``: {name: (foreign keys' columns, indexes' columns)} -> the keys not covered."""
    return sorted(
        f"{table}({', '.join(fk)})"
        for table, (keys, indexes) in tables.items()
        for fk in keys
        if not covered(fk, indexes)
    )


def metadata_tables() -> dict:
    tables = {}
    for table in db.metadata.sorted_tables:
        keys = [tuple(c.name for c in fk.columns) for fk in table.foreign_key_constraints]
        indexes = [tuple(c.name for c in index.columns) for index in table.indexes]
        indexes += [
            tuple(c.name for c in constraint.columns)
            for constraint in table.constraints
            if constraint.__class__.__name__ in ("PrimaryKeyConstraint", "UniqueConstraint")
        ]
        tables[table.name] = (keys, indexes)
    return tables


def database_tables(engine) -> dict:
    inspector = inspect(engine)
    tables = {}
    for name in inspector.get_table_names():
        keys = [tuple(fk["constrained_columns"]) for fk in inspector.get_foreign_keys(name)]
        indexes = [tuple(i["column_names"]) for i in inspector.get_indexes(name)]
        indexes += [tuple(u["column_names"]) for u in inspector.get_unique_constraints(name)]
        indexes.append(tuple(inspector.get_pk_constraint(name)["constrained_columns"]))
        tables[name] = (keys, indexes)
    return tables


def missing_list_indexes(tables: dict) -> list[str]:
    return [
        f"{table}({', '.join(columns)})"
        for table, columns in LIST_COLUMNS
        if not covered(columns, tables[table][1])
    ]


def test_the_check_sees_a_foreign_key_without_an_index():
    tables = {
        "child": ([("parent_id",), ("a", "b")], [("id",), ("parent_id", "x"), ("a", "b", "c")]),
        "pair": ([("a", "b")], [("id",), ("b", "a"), ("a",)]),
        "other": ([("owner_id",)], [("id",), ("created_at", "owner_id")]),
    }
    assert unindexed(tables) == ["other(owner_id)", "pair(a, b)"]


def test_every_foreign_key_of_the_models_has_an_index(app):
    with app.app_context():
        tables = metadata_tables()
    assert sum(len(keys) for keys, _ in tables.values()) >= 50  # the check sees the keys
    assert unindexed(tables) == []
    assert missing_list_indexes(tables) == []


def check_migrated(app):
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        tables = database_tables(db.engine)
        assert "document_audience" in tables
        assert unindexed(tables) == []
        assert missing_list_indexes(tables) == []


def test_every_foreign_key_of_the_migrated_sqlite_database_has_an_index(tmp_path):
    app = fresh_app(tmp_path, f"sqlite:///{tmp_path / 'migrated.sqlite3'}")
    check_migrated(app)
    # And the migration that adds them goes down and up again.
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "downgrade", "0004_throttle"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert "document_audience(document_id)" in unindexed(database_tables(db.engine))
    check_migrated(app)


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="INTRANET_TEST_DATABASE_URL is not set")
def test_every_foreign_key_of_the_migrated_postgresql_database_has_an_index(tmp_path):
    app = fresh_app(tmp_path, TEST_DATABASE_URL)
    drop_everything(app)
    try:
        check_migrated(app)
    finally:
        drop_everything(app)
