"""Upgrades keep data: a database at an earlier migration, with rows in every table, upgraded to
head, still holds every row (by primary key) and no value it had became NULL.

Generic over the migrations: each revision in turn is the starting point (with only 0001, the
database built at 0001 is upgraded to head, a no-op that still proves the check; once 0002
exists, the case "at 0001, then upgrade" is the real one). The rows are those of a populated
database at head (the demonstration data, a session, a token, then one generated row in every
table still empty), restricted to the columns the earlier schema has.
"""

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    insert,
    select,
    text,
)

from intranet.accounts import services, tokens
from intranet.accounts.models import User
from intranet.extensions import db
from tests.conftest import TEST_DATABASE_URL
from tests.test_migrations import drop_everything, fresh_app

MIGRATIONS = Path(__file__).resolve().parent.parent / "intranet" / "migrations"


def revisions() -> list[str]:
    """Every revision, oldest first."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def upgrade(app, revision: str = "head") -> None:
    result = app.test_cli_runner().invoke(args=["db", "upgrade", revision])
    assert result.exit_code == 0, result.output


def _choice(table, column) -> str | None:
    """The first value a CHECK (col IN ('a', …)) allows, if there is one."""
    for constraint in table.constraints:
        sql = str(getattr(constraint, "sqltext", ""))
        match = re.search(rf"\b{column.name}\b\s+IN\s*\(\s*'([^']*)'", sql)
        if match:
            return match.group(1)
    return None


def _value(conn, table, column, n: int):
    """A value for one column of a generated row: a real parent for a foreign key."""
    for fk in column.foreign_keys:
        target = fk.column
        return conn.execute(select(target).limit(1)).scalar()
    choice = _choice(table, column)
    if choice is not None:
        return choice
    kind = column.type
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, Integer | Numeric | Float):
        return n
    if isinstance(kind, DateTime):
        return datetime(2024, 5, 20, 8, 0)
    if isinstance(kind, Date):
        return date(2024, 5, 20)
    if isinstance(kind, LargeBinary):
        return b"x"
    if isinstance(kind, String | Text):
        length = getattr(kind, "length", None) or 40
        return f"mẫu {table.name} {n}"[:length]
    return None


def fill_empty_tables(engine) -> None:
    """One generated row in every table that has none yet."""
    meta = MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        for table in meta.sorted_tables:
            if conn.execute(select(table).limit(1)).first() is not None:
                continue
            row = {}
            for n, column in enumerate(table.columns, start=7):
                if (
                    column.primary_key
                    and isinstance(column.type, Integer)
                    and not column.foreign_keys
                ):
                    continue
                row[column.name] = _value(conn, table, column, n)
            conn.execute(insert(table).values(**row))


def populated_head(tmp_path) -> dict[str, list[dict]]:
    """Every row of a database at head holding data in every table."""
    app = fresh_app(tmp_path / "head", f"sqlite:///{tmp_path / 'head.sqlite3'}")
    upgrade(app)
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.execute(select(User).limit(1)).scalar_one()
        tokens.create_token(user, "kịch bản", 30)
        services.start_session(user, "10.0.0.1", "pytest")
        db.session.commit()
        fill_empty_tables(db.engine)
        rows = {}
        meta = MetaData()
        meta.reflect(db.engine)
        with db.engine.connect() as conn:
            for table in meta.sorted_tables:
                if table.name == "alembic_version":
                    continue
                rows[table.name] = [dict(r._mapping) for r in conn.execute(select(table))]
        db.engine.dispose()
    empty = [name for name, found in rows.items() if not found]
    assert not empty, f"no row in {empty}: add a step that fills them"
    return rows


@pytest.fixture(scope="module")
def head_rows(tmp_path_factory):
    return populated_head(tmp_path_factory.mktemp("migration-data"))


DATABASES = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not TEST_DATABASE_URL, reason="INTRANET_TEST_DATABASE_URL is not set"
        ),
    ),
]


@pytest.mark.parametrize("start", revisions())
@pytest.mark.parametrize("kind", DATABASES)
def test_upgrading_from_each_revision_keeps_every_row(tmp_path, head_rows, start, kind):
    url = TEST_DATABASE_URL if kind == "postgresql" else f"sqlite:///{tmp_path / 'older.sqlite3'}"
    app = fresh_app(tmp_path, url)
    if kind == "postgresql":
        drop_everything(app)
    try:
        kept = fill_at(app, start, head_rows)
        upgrade(app)
        lost = rows_lost(app, kept)
    finally:
        if kind == "postgresql":
            drop_everything(app)
    total = sum(len(rows) for rows in kept.values())
    print(f"migration {start} -> head ({kind}): {total} rows, {len(kept)} tables, {len(lost)} lost")
    assert not lost, "\n".join(lost[:20])
    assert total > len(kept)  # more than a row a table: the demonstration data came through


def fill_at(app, start: str, head_rows: dict) -> dict[str, list[dict]]:
    """Build the database at ``start`` and put the rows of head into it (in the columns it has)."""
    upgrade(app, start)
    kept: dict[str, list[dict]] = {}
    with app.app_context():
        meta = MetaData()
        meta.reflect(db.engine)
        with db.engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.execute(text("PRAGMA foreign_keys=OFF"))
            for table in meta.sorted_tables:  # parents first, for PostgreSQL's checks
                if table.name == "alembic_version":
                    continue
                rows = head_rows.get(table.name)
                assert rows, f"table {table.name} of revision {start} is gone at head, or empty"
                columns = set(table.columns.keys())
                keys = [c.name for c in table.primary_key.columns]
                # Rows the migrations wrote themselves (the seeded catalogues) are checked too.
                seeded = [dict(r._mapping) for r in conn.execute(select(table))]
                taken = {tuple(r[k] for k in keys) for r in seeded}
                rows = [{k: v for k, v in row.items() if k in columns} for row in rows]
                rows = [r for r in rows if tuple(r[k] for k in keys) not in taken]
                if rows:
                    conn.execute(insert(table), rows)
                kept[table.name] = seeded + rows
        db.engine.dispose()
    return kept


def rows_lost(app, kept: dict[str, list[dict]]) -> list[str]:
    """Rows of ``kept`` gone after the upgrade, or with a value become NULL."""
    lost = []
    with app.app_context():
        meta = MetaData()
        meta.reflect(db.engine)
        with db.engine.connect() as conn:
            for name, rows in kept.items():
                if name not in meta.tables:
                    lost.append(f"the upgrade dropped the table {name}")
                    continue
                table = meta.tables[name]
                keys = [c.name for c in table.primary_key.columns]
                now = {
                    tuple(r._mapping[k] for k in keys): dict(r._mapping)
                    for r in conn.execute(select(table))
                }
                for row in rows:
                    where = f"{name} {[row[k] for k in keys]}"
                    after = now.get(tuple(row[k] for k in keys))
                    if after is None:
                        lost.append(f"{where}: row gone")
                        continue
                    for column, value in row.items():
                        if value is not None and after.get(column, value) is None:
                            lost.append(f"{where}: {column} became NULL")
        db.engine.dispose()
    return lost
