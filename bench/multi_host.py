"""Requests/s with one app host and with three under the same load (not a test; issue 21).

    sudo .venv/bin/python bench/multi_host.py [--documents 500] [--clients 12] [--seconds 20]

One PostgreSQL database (a database of its own on INTRANET_TEST_DATABASE_URL's server, default
postgresql+psycopg://root@127.0.0.1:5432/test, dropped after) with the demo and ``--documents``
documents, Redis on 127.0.0.1:6379, a shared upload folder; app hosts in network namespaces as in
tests/resilience/test_multi_host.py (needs root and ``ip``), each with gunicorn (2 sync workers),
``flask worker`` and its own index. ``--clients`` signed-in demo accounts ask their role's main
pages (bench/page_load.py's) without pause for ``--seconds``, spread evenly over the hosts.
Markdown on stdout. On one machine the hosts share its cores: this measures what the design
costs (each host its own index and worker), not what more machines would add.
"""

import argparse
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from live_bench import FOR_EVERYONE, drop, make_instance
from page_load import BY_ROLE, COMMON, percentile, seed

from tests.resilience import netns
from tests.resilience.crowd import Client
from tests.resilience.live import Live

REDIS_PORT = 6379


def hosts_for(first: Live, network: netns.Network, count: int, tmp: Path) -> list[Live]:
    from sqlalchemy import make_url

    url = make_url(first.database_url).set(host=network.gateway)
    hosts = []
    for i in range(count):
        host = Live(tmp / f"host{i + 1}", first.database_url, first.uploads)
        host.accounts = dict(first.accounts)
        host.address, host.port = network.addresses[i], 8000
        host.prefix = network.exec_prefix(i)
        host.env.update(
            INTRANET_DATABASE_URL=url.render_as_string(hide_password=False),
            INTRANET_REDIS_URL=f"redis://{network.gateway}:{REDIS_PORT}/0",
            INTRANET_QUEUE_NAME=f"intranet-bench{os.getpid()}",
            INTRANET_HOST_NAME=f"bench{count}-{i + 1}",
            INTRANET_INDEX_FOLLOW_SECONDS="1",
        )
        (host.instance / "config.py").write_text(
            (first.instance / "config.py").read_text(encoding="utf-8")
        )
        hosts.append(host)
    return hosts


def wait_indexed(client: Client, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = client.search("thi đua")
        if "Tìm thấy" in page and "Tìm thấy 0 kết quả" not in page and "gián đoạn" not in page:
            return
        time.sleep(1)
    raise RuntimeError("the host's index was not built in time")


def run(hosts: list[Live], clients: int, seconds: float, documents: list[int]) -> dict:
    users = list(BY_ROLE)
    sessions = []
    for i in range(clients):
        username = users[i % len(users)]
        client = Client(hosts[i % len(hosts)])
        client.login(username, hosts[0].accounts[username])
        sessions.append((username, client))
    for username, client in sessions:  # warm up
        for page in COMMON + BY_ROLE[username]:
            client.get(page.format(document=f"/documents/{documents[0]}"))
    samples: list[tuple[float, int]] = []
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    stop = [0.0]

    def loop(i: int) -> None:
        username, client = sessions[i]
        pages = COMMON + BY_ROLE[username]
        rng = random.Random(i)  # noqa: S311
        mine, n = [], i
        start.wait()
        while time.monotonic() < stop[0]:
            path = pages[n % len(pages)].format(document=f"/documents/{rng.choice(documents)}")
            n += 1
            began = time.perf_counter()
            status = client.get(path, allow_redirects=False).status_code
            mine.append((time.perf_counter() - began, status))
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=loop, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    stop[0] = time.monotonic() + seconds
    start.wait()
    began = time.monotonic()
    for thread in threads:
        thread.join(timeout=seconds + 300)
    elapsed = time.monotonic() - began
    latencies = [s[0] * 1000 for s in samples]
    return {
        "requests": len(samples),
        "errors": sum(1 for s in samples if s[1] >= 400),
        "rps": len(samples) / elapsed,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--clients", type=int, default=12)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    reason = netns.why_not()
    if reason:
        print(f"multi-host bench skipped: {reason}")
        return
    tmp = Path(tempfile.mkdtemp(prefix="bench-multi-"))
    first, pg_name = make_instance(tmp / "seed", "postgresql", "bench_multi")
    network = netns.Network(3)
    forwards = [
        netns.Forward(network.gateway, port, port)
        for port in ((first.engine.url.port or 5432), REDIS_PORT)
    ]
    rows = []
    try:
        seed(first, args.documents)
        documents = [r[0] for r in first.rows(FOR_EVERYONE)]
        for count in (1, 3):
            hosts = hosts_for(first, network, count, tmp / f"run{count}")
            try:
                for host in hosts:
                    host.start()
                for host in hosts:
                    client = Client(host)
                    client.login("thuongtruc", host.accounts["thuongtruc"])
                    wait_indexed(client)
                rows.append((count, run(hosts, args.clients, args.seconds, documents)))
            finally:
                for host in hosts:
                    host.dispose()
    finally:
        for forward in forwards:
            forward.close()
        network.close()
        drop(first, pg_name)
    load = os.getloadavg()[0]
    print(f"\n## One host and three hosts (`bench/multi_host.py`), {time.strftime('%Y-%m-%d')}\n")
    print(
        f"PostgreSQL, Redis, {args.documents} documents + the demo, {args.clients} clients for "
        f"{args.seconds:.0f} s spread over the hosts; each host gunicorn with 2 sync workers and "
        f"its worker, in a network namespace of its own; {os.cpu_count()} cores shared by all; "
        f"1-minute load after: {load:.1f}.\n"
    )
    print("| hosts | requests | errors | requests/s | p50 ms | p95 ms |")
    print("|---|---|---|---|---|---|")
    for count, r in rows:
        print(
            f"| {count} | {r['requests']} | {r['errors']} | {r['rps']:.1f} | {r['p50']:.0f} | "
            f"{r['p95']:.0f} |"
        )


if __name__ == "__main__":
    main()
