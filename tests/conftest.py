"""Fixtures: a fresh app and database for every test, real users, and a signed-in client."""

import atexit
import os
import re

import pytest
from sqlalchemy import create_engine, select, text

from intranet import create_app
from intranet.accounts import services
from intranet.accounts.models import Role, Unit
from intranet.extensions import db

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


@pytest.fixture
def app(tmp_path):
    config = {
        "TESTING": True,
        "SECRET_KEY": "khoa-bi-mat-thu-nghiem",
        "DATABASE_URL": TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "INDEX_FOLDER": str(tmp_path / "index"),
        "RATELIMIT_STORAGE_URI": "memory://",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "WORKER_NOTIFY": False,  # tests run the index work themselves, when they mean to
    }
    app = create_app(config, instance_path=str(tmp_path / "instance"))
    with app.app_context():
        db.create_all()
        if TEST_DATABASE_URL:
            # Emptying the tables is much faster than dropping them on PostgreSQL.
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
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


@pytest.fixture
def login_as(app, users):
    """login_as("staff") -> a test client signed in as the user of that role."""

    def _login(key: str):
        client = app.test_client()
        response = login(client, USERS[key][0])
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return _login


def unit_id(app, code: str) -> int:
    with app.app_context():
        return db.session.execute(select(Unit.id).filter_by(code=code)).scalar_one()
