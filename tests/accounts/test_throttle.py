"""Throttles shared by every worker: the sign-in's and the API's bearer tokens' counters live in the
database (or Redis), so two app instances on one database — two gunicorn workers, or two hosts —
count together. Here the two "workers" are two apps made on the same database.
"""

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from intranet import create_app, throttle
from intranet.accounts import tokens
from intranet.accounts.models import User
from intranet.extensions import db, limiter
from tests.conftest import PASSWORD, _config, csrf_token

WRONG = "khong-phai-mat-khau"
TOO_MANY = "Bạn đã thử quá nhiều lần. Hãy đợi vài phút rồi thử lại."
BAD_TOKEN = "Bearer " + "x" * 43


def _db_config(app, **extra) -> dict:
    config = _config_of(app)
    config["RATELIMIT_STORAGE_URI"] = "intranet+db://"
    config.update(extra)
    return config


def _config_of(app) -> dict:
    keys = ("SECRET_KEY", "DATABASE_URL", "UPLOAD_FOLDER", "INDEX_FOLDER")
    config = _config(Path(app.instance_path), app.config["DATABASE_URL"])
    config.update({key: app.config[key] for key in keys})
    return config


@pytest.fixture
def workers(app, users, tmp_path):
    """Two apps on the test's database, their throttles in that database: two "workers"."""
    made = []
    for n in (1, 2):
        made.append(
            create_app(_db_config(app), instance_path=str(tmp_path / f"worker{n}" / "instance"))
        )
    yield made
    for worker in made:
        with worker.app_context():
            db.session.remove()
            db.engine.dispose()


def attempt(worker, username, password=WRONG, addr="10.0.0.1"):
    client = worker.test_client()
    data = {"username": username, "password": password, "csrf_token": csrf_token(client)}
    return client.post("/login", data=data, environ_base={"REMOTE_ADDR": addr})


def api_get(worker, authorization, addr="10.0.0.1", language="vi"):
    headers = {"Authorization": authorization, "Accept-Language": language}
    environ = {"REMOTE_ADDR": addr}
    return worker.test_client().get("/api/v1/me", headers=headers, environ_base=environ)


def stored_windows(worker) -> int:
    with worker.app_context():
        return db.session.scalar(select(func.count()).select_from(throttle.ThrottleWindow))


def token_of(worker, user_id) -> str:
    with worker.app_context():
        _token, secret = tokens.create_token(db.session.get(User, user_id), "tập lệnh", 30)
        return "Bearer " + secret


# -- the configuration ------------------------------------------------------------------------


def test_without_redis_the_throttles_are_in_the_database(tmp_path):
    config = {"SECRET_KEY": "k", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    app = create_app(config, instance_path=str(tmp_path / "instance"))
    assert app.config["RATELIMIT_STORAGE_URI"] == "intranet+db://"
    assert isinstance(limiter.storage, throttle.DatabaseStorage)


def test_with_redis_the_throttles_are_in_redis(tmp_path):
    url = "redis://127.0.0.1:6379/13"
    config = {"SECRET_KEY": "k", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    config["REDIS_URL"] = url
    app = create_app(config, instance_path=str(tmp_path / "instance"))
    assert app.config["RATELIMIT_STORAGE_URI"] == url
    assert type(limiter.storage).__name__ == "RedisStorage"


# -- sign-in: per account and per address, across workers --------------------------------------


def test_the_account_limit_holds_across_workers(workers):
    first, second = workers
    for i in range(5):  # 5 per 10 minutes, spread over both workers and five addresses
        assert attempt(workers[i % 2], "canbo", addr=f"10.1.0.{i}").status_code == 200
    for worker in (first, second):
        response = attempt(worker, "canbo", PASSWORD, addr="10.1.0.99")
        assert response.status_code == 429
        assert TOO_MANY in response.get_data(as_text=True)
    assert stored_windows(first) >= 1  # kept in the database, not in a worker's memory


def test_the_address_limit_holds_across_workers(app, users, tmp_path):
    made = [
        create_app(
            _db_config(app, LOGIN_LIMIT_PER_ADDRESS="4 per 10 minutes"),
            instance_path=str(tmp_path / f"w{n}" / "instance"),
        )
        for n in (1, 2)
    ]
    for i, name in enumerate(("an", "binh", "chi", "dung")):
        assert attempt(made[i % 2], name, addr="10.2.0.1").status_code == 200
    for worker in made:
        response = attempt(worker, "giang", addr="10.2.0.1")
        assert response.status_code == 429
        assert TOO_MANY in response.get_data(as_text=True)
        # Another address still signs in.
        assert attempt(worker, "canbo", PASSWORD, addr="10.2.0.2").status_code == 302


def test_successful_sign_ins_are_not_counted_across_workers(workers):
    for i in range(8):
        assert attempt(workers[i % 2], "canbo", PASSWORD, addr="10.3.0.1").status_code == 302
    assert attempt(workers[0], "canbo", WRONG, addr="10.3.0.1").status_code == 200


def test_attempts_the_address_throttle_refused_do_not_lock_the_account(app, users, tmp_path):
    worker = create_app(
        _db_config(app, LOGIN_LIMIT_PER_ADDRESS="3 per 10 minutes"),
        instance_path=str(tmp_path / "w" / "instance"),
    )
    for name in ("an", "binh", "chi"):
        assert attempt(worker, name, addr="10.8.0.1").status_code == 200
    for _ in range(10):  # refused before any password is checked: not failures of "canbo"
        assert attempt(worker, "canbo", WRONG, addr="10.8.0.1").status_code == 429
    assert attempt(worker, "canbo", PASSWORD, addr="10.8.0.2").status_code == 302


def test_a_username_longer_than_the_key_column_is_counted_not_refused(workers):
    long_name = "a" * 2000
    for i in range(5):
        assert attempt(workers[i % 2], long_name, addr=f"10.4.0.{i}").status_code == 200
    assert attempt(workers[1], long_name, addr="10.4.0.9").status_code == 429


# -- bearer tokens: failures per address -------------------------------------------------------


def test_wrong_bearer_tokens_are_throttled_per_address_across_workers(workers, users):
    first, second = workers
    for i in range(20):  # 20 per minute, both workers counting together
        response = api_get(workers[i % 2], BAD_TOKEN, addr="10.5.0.1")
        assert response.status_code == 401
    for worker in (first, second):
        response = api_get(worker, BAD_TOKEN, addr="10.5.0.1")
        assert response.status_code == 429
        assert response.mimetype == "application/problem+json"
        body = response.get_json()
        assert body["status"] == 429
        assert body["title"] == "Quá nhiều yêu cầu"
        assert "Quá nhiều mã truy cập sai được gửi từ địa chỉ này" in body["detail"]
        retry_after = int(response.headers["Retry-After"])
        assert 1 <= retry_after <= 60
        assert f"{retry_after} giây" in body["detail"]
    english = api_get(first, BAD_TOKEN, addr="10.5.0.1", language="en")
    assert english.status_code == 429
    assert english.get_json()["title"] == "Too many requests"
    assert "Too many wrong access tokens" in english.get_json()["detail"]


def test_a_right_token_from_another_address_is_not_throttled(workers, users):
    good = token_of(workers[0], users["staff"])
    for i in range(25):
        api_get(workers[i % 2], BAD_TOKEN, addr="10.6.0.1")
    assert api_get(workers[0], BAD_TOKEN, addr="10.6.0.1").status_code == 429
    for worker in workers:
        response = api_get(worker, good, addr="10.6.0.2")
        assert response.status_code == 200
        assert response.get_json()["username"] == "canbo"
    # The throttled address is refused before its token is looked up, whatever the token.
    assert api_get(workers[1], good, addr="10.6.0.1").status_code == 429


def test_right_tokens_are_not_counted(workers, users):
    good = token_of(workers[0], users["staff"])
    for i in range(30):
        assert api_get(workers[i % 2], good, addr="10.7.0.1").status_code == 200
    assert api_get(workers[0], BAD_TOKEN, addr="10.7.0.1").status_code == 401


def test_the_window_ends_and_the_address_may_try_again(app, users, tmp_path):
    worker = create_app(
        _db_config(app, API_TOKEN_FAILURE_LIMIT="2 per 1 second"),
        instance_path=str(tmp_path / "w" / "instance"),
    )
    good = token_of(worker, users["staff"])
    assert [api_get(worker, BAD_TOKEN).status_code for _ in range(3)] == [401, 401, 429]
    assert api_get(worker, good).status_code == 429
    time.sleep(1.2)
    assert api_get(worker, good).status_code == 200
    assert api_get(worker, BAD_TOKEN).status_code == 401


def test_with_throttles_off_wrong_tokens_are_only_refused(app, users, tmp_path):
    worker = create_app(
        _db_config(app, RATELIMIT_ENABLED=False), instance_path=str(tmp_path / "w" / "instance")
    )
    assert {api_get(worker, BAD_TOKEN).status_code for _ in range(25)} == {401}


# -- the storage itself ------------------------------------------------------------------------


def test_hits_from_many_threads_are_each_counted_once(workers):
    """The upsert is atomic: 4 threads × 25 hits, each answered a different count, 100 in all."""
    storage = throttle.DatabaseStorage()
    seen: list[int] = []
    errors: list[BaseException] = []

    def hit(worker):
        try:
            with worker.app_context():
                for _ in range(25):
                    seen.append(storage.incr("LIMITER/test/threads", 60))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=hit, args=(workers[n % 2],)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(seen) == list(range(1, 101))
    with workers[1].app_context():
        assert storage.get("LIMITER/test/threads") == 100


def test_expired_windows_are_cleaned_when_a_window_opens(workers):
    storage = throttle.DatabaseStorage()
    first, second = workers
    with first.app_context():
        storage.incr("LIMITER/test/old", 0.2)
        storage.incr("LIMITER/test/old-too", 0.2)
        assert storage.get("LIMITER/test/old") == 1
    time.sleep(0.3)
    with second.app_context():
        assert storage.get("LIMITER/test/old") == 0
        assert storage.incr("LIMITER/test/new", 60) == 1  # a new window: the old ones go
        keys = db.session.scalars(select(throttle.ThrottleWindow.key)).all()
        assert keys == ["LIMITER/test/new"]
        storage.incr("LIMITER/test/brief", 0.1)
        time.sleep(0.2)
        assert throttle.clean() == 1
        assert storage.get_expiry("LIMITER/test/new") > time.time() + 50
        storage.clear("LIMITER/test/new")
        assert storage.get("LIMITER/test/new") == 0
        assert storage.check()
