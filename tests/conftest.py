"""Fixtures: a fresh app and database for every test, real users, and a signed-in client.

The schema is built once per test process: on SQLite into a template file that each test gets a
copy of, on PostgreSQL into the process's own schema, emptied before each test.
"""

import atexit
import os
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import ProgrammingError

from intranet import create_app
from intranet.accounts import services
from intranet.accounts.models import Role, Unit
from intranet.extensions import db
from tests import factories

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


def _empty_postgresql_tables() -> None:
    """TRUNCATE every table (faster than creating them); recreate them if a test dropped them."""
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    try:
        db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.session.commit()
    except ProgrammingError:  # tests/test_migrations.py drops the tables of this schema
        db.session.rollback()
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
