"""`flask restore` brings back the key that signs sessions: the backed-up instance's sessions and
API tokens work on the restored one, and the command says what it did with the key."""

import shutil

import pytest

from intranet import create_app
from intranet.accounts import tokens
from intranet.accounts.models import User
from intranet.extensions import db
from tests.conftest import PASSWORD, TEST_DATABASE_URL, USERS, csrf_token, login
from tests.conftest import _config as base_config

pytestmark = pytest.mark.skipif(
    bool(TEST_DATABASE_URL), reason="two instances side by side: SQLite files"
)
COOKIE = "intranet_session"


def instance(root, schema_template, **overrides):
    """An app of its own folder, database (a copy of the empty schema) and instance/."""
    root.mkdir()
    database = root / "intranet.sqlite3"
    shutil.copyfile(schema_template, database)
    config = base_config(root, f"sqlite:///{database}")
    del config["SECRET_KEY"]  # as installed: the key is made at start-up in instance/secret_key
    config.update(overrides)
    return config, str(root / "instance")


def started(config, instance_path):
    return create_app(dict(config), instance_path=instance_path)


@pytest.fixture
def source(tmp_path, schema_template):
    """The backed-up instance: a signed-in session, an API token, and the archive."""
    config, path = instance(tmp_path / "source", schema_template)
    app = started(config, path)
    from intranet.accounts import services
    from tests.conftest import UNITS

    with app.app_context():
        units = {code: services.save_unit(None, code, name) for code, name in UNITS.items()}
        username, unit, roles = USERS["staff"]
        user = services.create_user(username, username, units[unit], roles, PASSWORD)
        _token, secret = tokens.create_token(db.session.get(User, user.id), "kịch bản", 30)
    client = app.test_client()
    assert login(client, username).status_code == 302
    archive = tmp_path / "sao-luu.tar.gz"
    result = app.test_cli_runner().invoke(args=["backup", str(archive)])
    assert result.exit_code == 0, result.output
    return {
        "cookie": client.get_cookie(COOKIE).value,
        "token": secret,
        "archive": archive,
        "key": (tmp_path / "source" / "instance" / "secret_key").read_text(),
    }


def test_restore_installs_the_backed_up_key_old_sessions_work(tmp_path, schema_template, source):
    config, path = instance(tmp_path / "target", schema_template)
    fresh = started(config, path)
    made_here = (tmp_path / "target" / "instance" / "secret_key").read_text()
    assert made_here != source["key"]

    result = fresh.test_cli_runner().invoke(args=["restore", str(source["archive"])])
    assert result.exit_code == 0, result.output
    assert "Đã cài khoá bí mật của bản sao lưu" in result.output
    assert (tmp_path / "target" / "instance" / "secret_key").read_text() == source["key"]

    restored = started(config, path)  # the app restarted on the restored instance
    client = restored.test_client()
    client.set_cookie(COOKIE, source["cookie"])
    profile = client.get("/profile")
    assert profile.status_code == 200  # still signed in, with the old cookie
    token = csrf_token(client, "/profile")
    out = client.post("/logout", data={"csrf_token": token})
    assert out.status_code in (302, 303)
    assert client.get("/profile").status_code in (302, 401)  # signed out for good
    api = restored.test_client().get(
        "/api/v1/me", headers={"Authorization": f"Bearer {source['token']}"}
    )
    assert api.status_code == 200 and api.get_json()["username"] == USERS["staff"][0]


def test_restore_refuses_when_a_different_key_is_set_here(tmp_path, schema_template, source):
    config, path = instance(tmp_path / "target", schema_template, SECRET_KEY="khoa-dat-o-day")
    fresh = started(config, path)
    result = fresh.test_cli_runner().invoke(args=["restore", str(source["archive"])])
    assert result.exit_code != 0
    assert "INTRANET_SECRET_KEY" in result.output and "khác khoá trong bản sao lưu" in result.output
    with fresh.app_context():  # nothing was restored
        assert db.session.execute(db.select(User)).first() is None


def test_restore_with_the_same_key_set_here_says_so(tmp_path, schema_template, source):
    config, path = instance(tmp_path / "target", schema_template, SECRET_KEY=source["key"])
    fresh = started(config, path)
    result = fresh.test_cli_runner().invoke(args=["restore", str(source["archive"])])
    assert result.exit_code == 0, result.output
    assert "đã là khoá của bản sao lưu" in result.output
