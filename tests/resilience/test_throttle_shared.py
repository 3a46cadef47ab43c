"""Throttles shared by every worker, on the real server: gunicorn with three workers, throttles on.

Without Redis the counters are in the instance's database; with ``INTRANET_REDIS_URL`` (Redis at
127.0.0.1:6379, a database number and key prefix of the test's own) they are in Redis. Either way
the sign-in limit holds across the workers (the 6th attempt on an account is refused, not the
16th), and of 300 wrong bearer tokens from one address all but about the first 20 are answered
429 — while a right token from another address keeps working.

The server sits "behind a proxy" (``INTRANET_BEHIND_PROXY``), so each request names its address in
X-Forwarded-For; the access log names the worker (pid) that answered each one, so the test sees
that the refusals come from every worker, not from one that happened to count alone.
"""

import os
import re
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.resilience.figures import report
from tests.resilience.live import CSRF_RE, ROOT, Live

pytestmark = pytest.mark.slow

WORKERS = 3
ACCOUNT_LIMIT = 5  # LOGIN_LIMIT_PER_ACCOUNT: 5 per 10 minutes
ADDRESS_LIMIT = 20  # LOGIN_LIMIT_PER_ADDRESS: 20 per 10 minutes
TOKEN_LIMIT = 20  # API_TOKEN_FAILURE_LIMIT: 20 per minute
BURST_THREADS = 8
TOO_MANY = "Bạn đã thử quá nhiều lần. Hãy đợi vài phút rồi thử lại."
WRONG = "khong-phai-mat-khau"
REDIS_URL = "redis://127.0.0.1:6379/14"
ACCESS_RE = re.compile(r"^(\d{3}) (\w+) (\S+) <(\d+)>$")


def _redis_or_skip():
    try:
        import redis
    except ImportError:
        pytest.skip("the redis client is not installed (pip install redis)")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis does not answer at 127.0.0.1:6379 ({exc})")
    return client


@pytest.fixture(params=["database", "redis"])
def server(request, make_live):
    """A started instance with three workers, throttles on, stored as the parameter says."""
    live = make_live()
    live.env["INTRANET_RATELIMIT_ENABLED"] = "1"
    live.env["INTRANET_BEHIND_PROXY"] = "1"
    redis_client = prefix = None
    if request.param == "redis":
        redis_client = _redis_or_skip()
        prefix = f"throttle-test-{os.getpid()}-{id(live)}"
        live.env["INTRANET_REDIS_URL"] = REDIS_URL
        with (live.instance / "config.py").open("a") as config:
            config.write(f"RATELIMIT_KEY_PREFIX = {prefix!r}\n")
    _with_workers(live, WORKERS)
    live.start(worker=False)
    yield live, request.param, redis_client, prefix
    live.stop()
    if redis_client is not None:
        for key in redis_client.scan_iter(f"*{prefix}*"):
            redis_client.delete(key)
        redis_client.close()


def _with_workers(live: Live, workers: int) -> None:
    """Start gunicorn with ``workers`` workers, each access-log line naming the worker's pid."""
    spawn = live._spawn

    def _spawn(name, command):
        if name == "gunicorn":
            command = list(command)
            command[command.index("--workers") + 1] = str(workers)
            command[command.index("--access-logformat") + 1] = "%(s)s %(m)s %(U)s %(p)s"
            # A sync worker answers one request at a time; each waits on the shared socket.
        return spawn(name, command)

    live._spawn = _spawn


def access_log(live: Live) -> list[tuple[int, str, str, int]]:
    """(status, method, path, worker pid) of every request the server logged."""
    rows = []
    for line in (live.root / "gunicorn.log").read_text(errors="replace").splitlines():
        match = ACCESS_RE.match(line.strip())
        if match:
            status, method, path, pid = match.groups()
            rows.append((int(status), method, path, int(pid)))
    return rows


def sign_in(live: Live, username: str, password: str, address: str) -> requests.Response:
    """A sign-in through the form, from ``address`` (as the proxy says), as a browser would."""
    with requests.Session() as browser:
        headers = {"X-Forwarded-For": address}
        page = browser.get(live.url("/login"), headers=headers, timeout=60)
        token = CSRF_RE.search(page.text).group(1)
        data = {"username": username, "password": password, "csrf_token": token}
        return browser.post(
            live.url("/login"), data=data, headers=headers, allow_redirects=False, timeout=60
        )


def burst(count: int, work) -> list:
    with ThreadPoolExecutor(BURST_THREADS) as pool:
        return list(pool.map(work, range(count)))


def make_token(live: Live, username: str) -> str:
    code = (
        "from sqlalchemy import select\n"
        "from intranet import create_app\n"
        "from intranet.accounts import tokens\n"
        "from intranet.accounts.models import User\n"
        "from intranet.extensions import db\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        f"    user = db.session.scalars(select(User).filter_by(username={username!r})).one()\n"
        "    print(tokens.create_token(user, 'kịch bản', 30)[1])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=live.env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def stored_windows(live: Live) -> int:
    return live.count("throttle")


def test_the_sign_in_limits_hold_across_three_workers(server):
    live, storage, redis_client, prefix = server
    account = "tai.mot"
    password = live.accounts[account]

    # Per account: five failures, each from its own address; the sixth attempt — even with the
    # right password — is refused, and so is every one after it, whichever worker answers.
    for i in range(ACCOUNT_LIMIT):
        response = sign_in(live, account, WRONG, f"198.51.100.{i + 1}")
        assert response.status_code == 200, response.text[:300]
    sixth = sign_in(live, account, password, "198.51.100.99")
    assert sixth.status_code == 429
    assert TOO_MANY in sixth.text
    later = burst(30, lambda i: sign_in(live, account, password, f"198.51.101.{i + 1}"))
    account_statuses = Counter(r.status_code for r in later)
    assert account_statuses == {429: 30}, account_statuses
    assert all(TOO_MANY in r.text for r in later)

    # Per address: 20 failures on 20 accounts from one address; then that address is refused
    # (whatever the account), and another address still signs in.
    address = "203.0.113.20"
    for i in range(ADDRESS_LIMIT):
        assert sign_in(live, f"khong.co.{i}", WRONG, address).status_code == 200
    after = burst(30, lambda i: sign_in(live, "tai.hai", live.accounts["tai.hai"], address))
    address_statuses = Counter(r.status_code for r in after)
    assert address_statuses == {429: 30}, address_statuses
    other = sign_in(live, "tai.hai", live.accounts["tai.hai"], "203.0.113.21")
    assert other.status_code == 302

    refusing = {pid for status, method, path, pid in access_log(live) if status == 429}
    assert len(refusing) >= 2, f"the refusals came from one worker only: {refusing}"
    if storage == "database":
        assert stored_windows(live) >= 2
    else:
        assert stored_windows(live) == 0
        assert any(redis_client.scan_iter(f"*{prefix}*"))
    report(
        f"Sign-in throttle, {WORKERS} gunicorn workers, counters in the {storage}",
        account_limit=ACCOUNT_LIMIT,
        refused_after_limit=f"{account_statuses[429] + 1}/31",
        address_limit=ADDRESS_LIMIT,
        address_refused_after_limit=f"{address_statuses[429]}/30",
        workers_refusing=len(refusing),
    )


def test_wrong_bearer_tokens_are_throttled_across_three_workers(server):
    live, storage, _redis_client, _prefix = server
    good = "Bearer " + make_token(live, "tai.ba")
    attacker = "203.0.113.66"

    def wrong(i: int) -> requests.Response:
        headers = {"Authorization": f"Bearer sai-{i:04d}-" + "x" * 40, "X-Forwarded-For": attacker}
        return requests.get(live.url("/api/v1/me"), headers=headers, timeout=60)

    def right(i: int) -> requests.Response:
        headers = {"Authorization": good, "X-Forwarded-For": f"198.51.100.{200 + i % 50}"}
        return requests.get(live.url("/api/v1/me"), headers=headers, timeout=60)

    # The attack and a script with a right token from another address, at the same time.
    with ThreadPoolExecutor(2) as pool:
        attack = pool.submit(burst, 300, wrong)
        honest = pool.submit(lambda: [right(i) for i in range(40)])
        answers, own = attack.result(), honest.result()

    statuses = Counter(r.status_code for r in answers)
    assert set(statuses) <= {401, 429}, statuses
    # Each worker tests the count before it looks the token up and adds to it after: a few
    # requests already past the test when the 20th failure lands may still get their 401.
    assert TOKEN_LIMIT <= statuses[401] <= TOKEN_LIMIT + BURST_THREADS, statuses
    assert statuses[429] >= 300 - TOKEN_LIMIT - BURST_THREADS
    for response in answers:
        if response.status_code == 429:
            assert response.headers["Content-Type"].startswith("application/problem+json")
            assert 1 <= int(response.headers["Retry-After"]) <= 60
            assert "Quá nhiều mã truy cập sai" in response.json()["detail"]
    assert [r.status_code for r in own] == [200] * 40
    assert {r.json()["username"] for r in own} == {"tai.ba"}

    headers = {"Authorization": good, "X-Forwarded-For": attacker, "Accept-Language": "en"}
    english = requests.get(live.url("/api/v1/me"), headers=headers, timeout=60)
    assert english.status_code == 429
    assert english.json()["title"] == "Too many requests"

    refusing = {
        pid for status, _m, path, pid in access_log(live) if status == 429 and path == "/api/v1/me"
    }
    assert len(refusing) >= 2, f"the refusals came from one worker only: {refusing}"
    report(
        f"Bearer-token throttle, {WORKERS} gunicorn workers, counters in the {storage}",
        wrong_tokens=300,
        answered_401=statuses[401],
        answered_429=statuses[429],
        right_token_other_address=f"{sum(r.status_code == 200 for r in own)}/40 ok",
        workers_refusing=len(refusing),
    )
