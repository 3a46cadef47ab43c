"""Fixtures: a fresh app and database for every test, real users, and a signed-in client.

The schema is built once per test process: on SQLite into a template file that each test gets a
copy of, on PostgreSQL into the process's own schema, emptied before each test.
"""

import atexit
import os
import re
import shutil
import sqlite3
from pathlib import Path

import jinja2
import pytest
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import Engine

from intranet import create_app
from intranet.accounts import services
from intranet.accounts.models import Role, Unit
from intranet.extensions import db
from tests import factories


def _share_url_builders() -> None:
    """Every test builds an app, and Werkzeug compiles Python code for each of its URL rules
    (half of an app's start-up). That code depends only on the rule's parts when the rule has no
    defaults, so each test process compiles it once per shape; the app itself is unchanged."""
    from werkzeug.routing import Rule

    compile_builder = Rule._compile_builder
    builders: dict = {}

    def shared(self, append_unknown=True):
        if self.defaults:
            return compile_builder(self, append_unknown)
        key = (tuple(self._trace), append_unknown)
        if key not in builders:
            builders[key] = compile_builder(self, append_unknown)
        return builders[key]

    Rule._compile_builder = shared


_share_url_builders()


class _SharedBytecode(jinja2.BytecodeCache):
    """Jinja's compiled templates, kept for the test process: each test's app would otherwise
    compile every template it renders again (Jinja checks each template's source against it)."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


SHARED_BYTECODE = _SharedBytecode()


@event.listens_for(Engine, "connect")
def _sqlite_without_fsync(dbapi_connection, _record) -> None:
    """Tests don't survive power cuts: SQLite need not wait for the disk at each commit."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA synchronous=OFF")


# `.ci/run` sets this to run the whole suite on PostgreSQL as well.
TEST_DATABASE_URL = os.environ.get("INTRANET_TEST_DATABASE_URL")


def _own_schema(url: str | None) -> str | None:
    """On PostgreSQL, a schema of this test process's own, so that parallel runs don't collide."""
    if not url:
        return None
    schema = f"pytest_{os.getpid()}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    atexit.register(_drop_schema, url, schema)
    return url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"


def _drop_schema(url: str, schema: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


TEST_DATABASE_URL = _own_schema(TEST_DATABASE_URL)
PASSWORD = "mat-khau-thu-nghiem"
CSRF_RE = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'name="csrf_token" value="([^"]+)"'
)

# username, unit code, roles: one user per role, plus a staff member of another unit.
USERS = {
    "admin": ("quantri", "HCTC", (Role.ADMIN,)),
    "secretariat": ("thuongtruc", "HCTC", (Role.SECRETARIAT, Role.STAFF)),
    "leader": ("lanhdao", "BGH", (Role.LEADER, Role.STAFF)),
    "inspector": ("kiemtra", "HDTDKT", (Role.INSPECTOR, Role.STAFF)),
    "unit_head": ("truongkhoa", "KCNTT", (Role.UNIT_HEAD, Role.STAFF)),
    "staff": ("canbo", "KCNTT", (Role.STAFF,)),
    "other_staff": ("canbo.kt", "KKT", (Role.STAFF,)),
}
UNITS = {
    "BGH": "Ban Giám hiệu",
    "HCTC": "Phòng Hành chính – Tổ chức",
    "KCNTT": "Khoa Công nghệ thông tin",
    "KKT": "Khoa Kinh tế",
    "HDTDKT": "Hội đồng Thi đua – Khen thưởng",
}


def _config(folder: Path, url: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "khoa-bi-mat-thu-nghiem",
        "DATABASE_URL": url,
        "UPLOAD_FOLDER": str(folder / "uploads"),
        "INDEX_FOLDER": str(folder / "index"),
        "RATELIMIT_STORAGE_URI": "memory://",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "WORKER_NOTIFY": False,  # tests run the index work themselves, when they mean to
    }


def _build_schema(folder: Path, url: str) -> None:
    """What a test's database starts from: ``create_all`` of a real app, audit triggers too."""
    app = create_app(_config(folder, url), instance_path=str(folder / "instance"))
    with app.app_context():
        db.create_all()
        db.session.remove()
        db.engine.dispose()  # the last connection closed: SQLite folds its WAL into the file


@pytest.fixture(scope="session")
def schema_template(tmp_path_factory) -> Path | None:
    """The database every test copies, built once per test process.

    SQLite: the path of a template file. PostgreSQL: None; the schema is in the process's own
    PostgreSQL schema, and the ``app`` fixture empties its tables.
    """
    folder = tmp_path_factory.mktemp("schema")
    if TEST_DATABASE_URL:
        _build_schema(folder, TEST_DATABASE_URL)
        return None
    template = folder / "template.sqlite3"
    _build_schema(folder, f"sqlite:///{template}")
    leftovers = [p.name for p in folder.glob("template.sqlite3-*")]
    assert not leftovers, f"the template database was not closed cleanly: {leftovers}"
    return template


# Empties this schema's tables and restarts its sequences in one round trip. DELETE, with
# triggers and foreign-key checks off for the transaction, takes about 10 ms here; TRUNCATE of
# every table took 250–400 ms (a new file per table), a third of the PostgreSQL pass.
_EMPTY_SCHEMA = """
DO $$
DECLARE r record;
BEGIN
  SET LOCAL session_replication_role = replica;
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
    EXECUTE format('DELETE FROM %I', r.tablename);
  END LOOP;
  FOR r IN SELECT sequencename FROM pg_sequences
           WHERE schemaname = current_schema() AND last_value IS NOT NULL LOOP
    EXECUTE format('ALTER SEQUENCE %I RESTART', r.sequencename);
  END LOOP;
END $$;
"""


def _empty_postgresql_tables() -> None:
    """Empty every table; recreate them if a test dropped them (tests/test_migrations.py)."""
    db.session.execute(text(_EMPTY_SCHEMA))
    present = db.session.execute(
        text("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
    ).scalar()
    db.session.commit()
    if present < len(db.metadata.sorted_tables):
        db.create_all()


@pytest.fixture
def app(tmp_path, schema_template):
    if TEST_DATABASE_URL:
        url = TEST_DATABASE_URL
    else:
        database = tmp_path / "test.sqlite3"
        shutil.copyfile(schema_template, database)
        url = f"sqlite:///{database}"
    app = create_app(_config(tmp_path, url), instance_path=str(tmp_path / "instance"))
    app.jinja_env.bytecode_cache = SHARED_BYTECODE
    if TEST_DATABASE_URL:
        with app.app_context():
            _empty_postgresql_tables()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def users(app):
    """The units and one user per role (see USERS); returns {key: user id}."""
    with app.app_context():
        units = {code: services.save_unit(None, code, name) for code, name in UNITS.items()}
        ids = {}
        for key, (username, unit_code, roles) in USERS.items():
            user = services.create_user(username, username, units[unit_code], roles, PASSWORD)
            ids[key] = user.id
        return ids


def csrf_token(client, path="/login") -> str:
    """A CSRF token for the client's session, read from a page as a browser would."""
    html = client.get(path).get_data(as_text=True)
    match = CSRF_RE.search(html)
    assert match, f"no CSRF token on {path}"
    return match.group(1) or match.group(2)


def login(client, username, password=PASSWORD, next_=None):
    """Sign in through the form; returns the response (not followed)."""
    token = csrf_token(client)
    url = "/login" + (f"?next={next_}" if next_ else "")
    return client.post(url, data={"username": username, "password": password, "csrf_token": token})


def post_form(client, path, data=None, token_from=None, **kwargs):
    """POST a form with the CSRF token of the client's session."""
    data = dict(data or {})
    data["csrf_token"] = csrf_token(client, token_from or path)
    return client.post(path, data=data, **kwargs)


def signed_in(app, username: str):
    """A test client signed in through the form as ``username``."""
    client = app.test_client()
    response = login(client, username)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def login_as(app, users):
    """login_as("staff") -> a test client signed in as the user of that role."""

    def _login(key: str):
        return signed_in(app, USERS[key][0])

    return _login


@pytest.fixture
def catalogue(app):
    """Seed the catalogues (as `demo load` does); catalogue("level", "Cấp tỉnh") -> its id."""
    with app.app_context():
        factories.seed_catalogues()

    def _entry(group: str, name: str) -> int:
        with app.app_context():
            return factories.catalogue_id(group, name)

    return _entry


def unit_id(app, code: str) -> int:
    with app.app_context():
        return db.session.execute(select(Unit.id).filter_by(code=code)).scalar_one()


# Folders whose tests use no database unless they ask for the app: the search engines on their
# own index, the text extractors. The PostgreSQL pass would only run them a second time.
DATABASE_FREE = ("tests/search/", "tests/extraction/")


def pytest_collection_modifyitems(config, items):
    if not TEST_DATABASE_URL:
        return
    root = Path(config.rootpath)
    kept, skipped = [], []
    for item in items:
        where = Path(item.path).relative_to(root).as_posix()
        free = where.startswith(DATABASE_FREE) and "app" not in item.fixturenames
        (skipped if free else kept).append(item)
    if skipped:
        config.hook.pytest_deselected(items=skipped)
        items[:] = kept
