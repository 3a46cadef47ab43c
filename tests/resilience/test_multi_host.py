"""Three app hosts on one PostgreSQL database and one Redis (issue 21), each in a network
namespace of its own (its own address, gunicorn, worker and copy of the search index), sharing
an upload folder (the "network mount"):

- uploads spread over the hosts are each searchable on every host within seconds;
- a host killed with SIGKILL mid-burst loses no acknowledged upload and, restarted, catches its
  index up with what the others took meanwhile;
- the daily job, queued by each host's scheduler, sends each reminder once, not three times.

Runs in CI's PostgreSQL pass only (it needs PostgreSQL and Redis, which the SQLite pass does not
have to): skipped, saying why, without INTRANET_TEST_DATABASE_URL, without Redis on 127.0.0.1,
or where network namespaces cannot be made (not root, no ``ip``).
"""

import concurrent.futures
import os
import shutil
import subprocess
import sys
import time

import pytest
from sqlalchemy import make_url

from tests.resilience import netns
from tests.resilience.crowd import Uploaders, create_document, text_file
from tests.resilience.figures import report
from tests.resilience.live import LOADERS, PG_URL, ROOT, Live, tail
from tests.resilience.probes import SEARCH_TOTAL
from tests.supervision.conftest import SmtpStub

REDIS_PORT = 6379
HOSTS = 3
SEARCHABLE_WITHIN = 30  # seconds: the worker follows the log every second
TODAY = "2025-06-15"  # 15 days before the demo plan's report deadline (30/6): reminders due

DAILY = """
from intranet import create_app, tasks
app = create_app()
tasks.bind(app)
tasks.daily.call_local()   # what each host's scheduler queues at 00:00 UTC
"""


def _skip_reason() -> str | None:
    if not PG_URL:
        return "needs PostgreSQL: INTRANET_TEST_DATABASE_URL (CI's PostgreSQL pass) is not set"
    try:
        import redis

        redis.Redis(port=REDIS_PORT, socket_connect_timeout=2).ping()
    except Exception as exc:
        return f"needs Redis on 127.0.0.1:{REDIS_PORT}: {exc}"
    return netns.why_not()


pytestmark = pytest.mark.slow


def search_total(client, words: str) -> int | None:
    page = client.search(words)
    match = SEARCH_TOTAL.search(page)
    return int(match.group(1)) if match else None


def wait_until(predicate, timeout: float, step: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


@pytest.fixture
def deployment(make_live, tmp_path):
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    network = netns.Network(HOSTS)
    forwards = []
    smtp = SmtpStub()
    hosts: list[Live] = []
    try:
        pg = make_url(PG_URL)
        for port in (pg.port or 5432, REDIS_PORT):
            forwards.append(netns.Forward(network.gateway, port, port))
        mail = netns.Forward(network.gateway, 0, smtp.port)
        forwards.append(mail)
        first = make_live(name="host1")  # its own database, copied from the template
        shared_uploads = first.uploads  # the "network mount": one folder for every host
        url = make_url(first.database_url).set(host=network.gateway)
        queue = f"intranet-mh{os.getpid()}"
        for i in range(HOSTS):
            root = tmp_path / f"host{i + 1}" if i else first.root
            root.mkdir(exist_ok=True)
            host = first if i == 0 else Live(root, first.database_url, shared_uploads)
            host.accounts = dict(first.accounts)
            shutil.rmtree(host.index, ignore_errors=True)  # each host builds its own index
            host.address, host.port = network.addresses[i], 8000
            host.prefix = network.exec_prefix(i)
            host.gunicorn_workers = 1  # two cores for three hosts, PostgreSQL and the test
            host.env.update(
                INTRANET_DATABASE_URL=url.render_as_string(hide_password=False),
                INTRANET_REDIS_URL=f"redis://{network.gateway}:{REDIS_PORT}/0",
                INTRANET_QUEUE_NAME=queue,
                INTRANET_HOST_NAME=f"host{i + 1}",
                INTRANET_MAIL_SERVER=network.gateway,
                INTRANET_MAIL_PORT=str(mail.port),
                INTRANET_INDEX_FOLLOW_SECONDS="1",
            )
            hosts.append(host)
        yield hosts, first, smtp
    finally:
        for host in hosts:
            host.dispose()
        for forward in forwards:
            forward.close()
        smtp.close()
        network.close()
        _clear_queue(f"intranet-mh{os.getpid()}")


def _clear_queue(name: str) -> None:
    import redis

    client = redis.Redis(port=REDIS_PORT)
    for key in client.scan_iter(f"huey.*{name}*"):
        client.delete(key)


def test_three_hosts_share_the_records_each_with_its_own_index(deployment):
    hosts, first, smtp = deployment
    started = time.monotonic()
    for host in hosts:
        host.start()
    clients = [host.client(LOADERS[i]) for i, host in enumerate(hosts)]
    # Each new host built its index from the database: the demo's records are found on each.
    for host, client in zip(hosts, clients, strict=True):
        assert wait_until(lambda c=client: search_total(c, "36/KH-CĐBP"), 120), tail(
            host.root / "worker.log"
        )
    assert sorted(first.rows("SELECT name FROM index_host WHERE name LIKE 'host%'")) == [
        ("host1",),
        ("host2",),
        ("host3",),
    ]

    # 1. Uploads spread over the hosts: each searchable on every host within seconds.
    document_id = create_document(first, clients[0], "Thông báo lưu trữ trên nhiều máy chủ")
    tag = f"maychu{os.getpid()}"
    delays = []
    for k in range(6):
        word = f"{tag}tep{k}"
        data = text_file(f"Biên bản {word}: hồ sơ được lưu trên kho dùng chung.\n", 3000)
        uploaded = time.monotonic()
        response = clients[k % HOSTS].upload(document_id, (f"Biên bản {k}.txt", data))
        assert response.status_code == 200 and response.json()["ok"], response.text
        for host, client in zip(hosts, clients, strict=True):
            found = wait_until(lambda c=client, w=word: search_total(c, w) == 1, 60)
            assert found, f"{word} not found on {host.address}:\n{tail(host.root / 'worker.log')}"
        delays.append(time.monotonic() - uploaded)
    assert max(delays) < SEARCHABLE_WITHIN, delays
    # Every file's text was extracted (by whichever host's worker claimed it).
    assert first.scalar("SELECT count(*) FROM extracted_text") == first.scalar(
        "SELECT count(*) FROM stored_file"
    )

    # 2. A burst on every host; host 3 killed with SIGKILL in the middle of it.
    burst = f"{tag}dot"
    with Uploaders(clients, document_id, tag=burst) as uploaders:
        assert wait_until(lambda: len(uploaders.tally.acked) >= 15, 120)
        hosts[2].kill()
        killed_at = len(uploaders.tally.acked)
        # The two others go on taking uploads while host 3 is down.
        assert wait_until(lambda: len(uploaders.tally.acked) >= killed_at + 15, 120)
    acked = uploaders.tally.acked
    stored = set(first.file_rows().values())
    lost = [a for a in acked if a not in stored]
    assert not lost, lost[:5]
    assert uploaders.tally.server_errors == 0, uploaders.tally.errors
    blobs = {p.name for p in first.uploads.rglob("*") if p.is_file()}
    for _name, sha in acked:
        assert sha in blobs

    # Restarted, host 3 catches its index up: every file of the burst is found on every host.
    hosts[2].start()
    clients[2] = hosts[2].client(LOADERS[2])
    expected = first.scalar(
        "SELECT count(*) FROM file_version WHERE original_name LIKE :tag", tag=f"%{burst}%"
    )
    assert expected >= len(acked)
    caught_up = time.monotonic()
    for host, client in zip(hosts, clients, strict=True):
        assert wait_until(lambda c=client: search_total(c, burst) == expected, 120), (
            f"{host.address}: {search_total(client, burst)} of {expected}\n"
            + tail(host.root / "worker.log")
        )
    catch_up = time.monotonic() - caught_up

    # 3. The daily job, queued by each host's scheduler at once: the reminders go out once.
    first.rows("SELECT 1")  # the engine is up before the update
    with first.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE \"user\" SET email = username || '@cdbp.edu.vn'")
    with concurrent.futures.ThreadPoolExecutor(HOSTS) as pool:
        runs = [pool.submit(_daily, host) for host in hosts]
        for run in runs:
            done = run.result()
            assert done.returncode == 0, done.stdout + done.stderr
    claims = first.rows("SELECT host FROM job_claim WHERE name = 'daily'")
    assert len(claims) == 1, claims
    reminders = first.rows(
        "SELECT n.user_id, n.key FROM notification n WHERE n.kind = 'report_due'"
    )
    assert reminders, "the demo plan's deadline should make reminders due"
    assert len(set(reminders)) == len(reminders)
    mailed = first.scalar(
        "SELECT count(*) FROM notification WHERE kind = 'report_due' AND mail_state = 'sent'"
    )
    assert mailed == len(reminders)
    time.sleep(3)  # the other hosts' workers had every chance to send them again
    recipients = sorted(str(m["To"]) for m in smtp.messages)
    assert len(recipients) == len(reminders), recipients

    report(
        "multi-host",
        hosts=HOSTS,
        searchable_on_all_within_s=round(max(delays), 1),
        burst_acked=len(acked),
        lost=len(lost),
        host3_catch_up_s=round(catch_up, 1),
        reminders=len(reminders),
        mails=len(smtp.messages),
        seconds=round(time.monotonic() - started),
    )


def _daily(host: Live) -> subprocess.CompletedProcess:
    env = dict(host.env, INTRANET_TODAY=TODAY)
    return subprocess.run(
        [*host.prefix, sys.executable, "-c", DAILY],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
