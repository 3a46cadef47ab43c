"""Page load test (not a test): 20 clients without pause over the main pages, gunicorn 3 workers.

    .venv/bin/python bench/page_load.py [--databases sqlite postgresql] [--documents 2000]
                                        [--clients 20] [--seconds 30]

Per database: a fresh instance (the demo loaded, then ``--documents`` documents made through the
services: most issued for everyone, some for a unit, some drafts; the index rebuilt), gunicorn
with 3 sync workers and the probe (bench/gunicorn_probe.py), and ``--clients`` signed-in demo
accounts (staff, unit head, secretariat, leader, inspector) each asking its role's main pages
one after another, closed loop, for ``--seconds``. Reported: latency p50/p95/p99 (client side),
requests/s, the workers' CPU per request (from /proc: whole workers; and the probe's, the request
alone), SQL statements per request, per page the p95 and statements. PostgreSQL: a database of its
own on INTRANET_TEST_DATABASE_URL (default postgresql+psycopg://root@127.0.0.1:5432/test's
server), dropped afterwards. Markdown on stdout.
"""

import argparse
import collections
import contextlib
import http.client
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from live_bench import FOR_EVERYONE, ROOT, cpu_of, drop, make_instance

from tests.resilience.crowd import Client

SEED = """
import random, sys
from datetime import date
from intranet import create_app
from intranet.accounts.models import User
from intranet.extensions import db
from sqlalchemy import select
from tests import factories

count = int(sys.argv[1])
words = ("thi đua khen thưởng điển hình tiên tiến báo cáo tổng kết phong trào năm học "
         "tuyên truyền kế hoạch hướng dẫn triển khai công tác giáo dục đào tạo").split()
rng = random.Random(20)
app = create_app()
with app.app_context():
    author = db.session.scalars(select(User).where(User.username == "thuongtruc")).one()
    for k in range(count):
        summary = "Về việc " + " ".join(rng.choice(words) for _ in range(12))
        kind = ("TB", "KH", "HD")[k % 3]
        options = {}
        if k % 10 == 7:
            options["units"] = ["KCNTT"]
        publish = k % 10 != 9
        factories.document(author, f"{1000 + k}/{kind}-CĐBP", kind=kind, summary=summary,
                           issued_on=date(2024, 1 + k % 12, 1 + k % 28), unit="HCTC",
                           publish=publish, **options)
"""

COMMON = [
    "/",
    "/documents/",
    "/documents/?page=3",
    "{document}",
    "/exemplars/honour-board",
    "/search/?q=thi+%C4%91ua+khen+th%C6%B0%E1%BB%9Fng",
    "/search/?q=k%E1%BA%BF+ho%E1%BA%A1ch",
]
BY_ROLE = {
    "canbo": [],
    "canbo.kt": [],
    "truongkhoa": ["/supervision/"],
    "thuongtruc": [
        "/exemplars/?queue=all",
        "/exemplars/decisions",
        "/supervision/reports?year=2024",
        "/supervision/",
    ],
    "lanhdao": ["/exemplars/?queue=all", "/exemplars/decisions"],
    "kiemtra": ["/supervision/inspections", "/audit/"],
}


def seed(live, documents: int) -> None:
    done = subprocess.run(  # noqa: S603 (our interpreter and script)
        [sys.executable, "-c", SEED, str(documents)],
        cwd=ROOT,
        env={**live.env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise AssertionError(done.stderr[-3000:])
    live.flask("search", "reindex", timeout=900)


class Browser:
    """A signed-in client's page requests during the load: http.client with the session's cookies
    and headers. Login goes through crowd.Client (requests), whose machinery would cost 1.1 ms of
    CPU a request on the two cores the server uses; a browser's costs are on another machine."""

    def __init__(self, live, client: Client):
        self.address, self.port = live.address, live.port
        self.headers = {
            **dict(client.http.headers),
            "Cookie": "; ".join(f"{c.name}={c.value}" for c in client.http.cookies),
        }

    def get(self, path: str) -> int:
        """GET ``path`` (redirects not followed); the body read whole, as sent (compressed)."""
        connection = http.client.HTTPConnection(self.address, self.port, timeout=120)
        try:
            connection.request("GET", path, headers=self.headers)
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def database_cpu() -> float:
    """CPU seconds used so far by the PostgreSQL server's processes on this machine (0 without)."""
    pids = []
    for proc in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if proc.name.isdigit() and (proc / "comm").read_text().strip() == "postgres":
                pids.append(proc.name)
    return cpu_of(pids)


def run_load(live, clients: int, seconds: float, probe_dir: Path) -> dict:
    documents = [row[0] for row in live.rows(FOR_EVERYONE)] or [
        row[0] for row in live.rows("SELECT id FROM document ORDER BY id DESC LIMIT 200")
    ]
    users = list(BY_ROLE)
    sessions = []
    for i in range(clients):
        username = users[i % len(users)]
        client = Client(live)
        client.login(username, live.accounts[username])
        sessions.append((username, Browser(live, client)))
    # Warm up: each client's pages once (templates compiled, searcher open in every worker).
    for username, browser in sessions:
        for page in COMMON + BY_ROLE[username]:
            status = browser.get(page.format(document=f"/documents/{documents[0]}"))
            assert status == 200, (username, page, status)
    for tsv in probe_dir.glob("*.tsv"):
        tsv.write_bytes(b"")  # emptied, not removed: each worker keeps it open
    samples: list[tuple[str, float, int]] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    start = threading.Barrier(clients + 1)

    def loop(i: int) -> None:
        username, browser = sessions[i]
        pages = COMMON + BY_ROLE[username]
        rng = random.Random(i)  # noqa: S311 (which document to ask for)
        mine = []
        start.wait()
        n = i
        while time.monotonic() < stop:
            page = pages[n % len(pages)]
            n += 1
            path = page.format(document=f"/documents/{rng.choice(documents)}")
            began = time.perf_counter()
            status = browser.get(path)
            mine.append((page, time.perf_counter() - began, status))
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=loop, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    cpu_before, client_before = live.server_cpu(), time.process_time()
    database_before = database_cpu()
    start.wait()
    began = time.monotonic()
    for thread in threads:
        thread.join(timeout=seconds + 300)
    elapsed = time.monotonic() - began
    cpu = live.server_cpu() - cpu_before
    client_cpu = time.process_time() - client_before  # the 20 clients share the 2 cores
    database = database_cpu() - database_before  # PostgreSQL too, when it is the database
    time.sleep(0.5)  # the last post_request lines
    probe = []
    for tsv in probe_dir.glob("*.tsv"):
        for line in tsv.read_text().splitlines():
            path, cpu_ms, queries = line.split("\t")
            probe.append((path, float(cpu_ms), int(queries)))
    latencies = [s[1] * 1000 for s in samples]
    per_page = collections.defaultdict(list)
    for page, seconds_taken, _status in samples:
        per_page[page].append(seconds_taken * 1000)
    queries_by_path = collections.defaultdict(list)
    for path, _cpu, queries in probe:
        queries_by_path[_page_of(path)].append(queries)
    return {
        "requests": len(samples),
        "errors": sum(1 for s in samples if s[2] >= 400),
        "statuses": collections.Counter(s[2] for s in samples),
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
        "rps": len(samples) / elapsed,
        "cpu_ms": cpu * 1000 / max(1, len(samples)),
        "client_cpu_ms": client_cpu * 1000 / max(1, len(samples)),
        "database_cpu_ms": database * 1000 / max(1, len(samples)),
        "probe_cpu_ms": statistics.mean(p[1] for p in probe) if probe else 0.0,
        "queries": statistics.mean(p[2] for p in probe) if probe else 0.0,
        "pages": {
            page: (
                percentile(values, 50),
                percentile(values, 95),
                statistics.mean(queries_by_path.get(_page_of(page), [0])),
            )
            for page, values in per_page.items()
        },
    }


def _page_of(path: str) -> str:
    """A request's path as the page list names it: a document's page is '{document}'."""
    bare = path.split("?", 1)[0]
    if bare.startswith("/documents/") and bare.rstrip("/").rsplit("/", 1)[-1].isdigit():
        return "{document}"
    return bare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    results = {}
    for database in args.databases:
        with tempfile.TemporaryDirectory(prefix=f"page-load-{database}-") as folder:
            probe_dir = Path(folder) / "probe"
            probe_dir.mkdir()
            live, pg_name = make_instance(
                Path(folder) / "live", database, "bench_pages", workers=3, probe_dir=probe_dir
            )
            try:
                seed(live, args.documents)
                live.start(worker=True)
                results[database] = run_load(live, args.clients, args.seconds, probe_dir)
            finally:
                drop(live, pg_name)
    load = os.getloadavg()
    print(
        f"\n## Page load: {args.clients} clients without pause, gunicorn 3 workers, "
        f"{args.documents} documents, {args.seconds:.0f} s "
        f"(load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})\n"
    )
    print(
        "| database | requests | p50 | p95 | p99 | requests/s | CPU/request (workers) | "
        "CPU/request (in the request) | clients' CPU/request | PostgreSQL's CPU/request | "
        "SQL/request | errors |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for database, r in results.items():
        print(
            f"| {database} | {r['requests']} | {r['p50']:.0f} ms | {r['p95']:.0f} ms | "
            f"{r['p99']:.0f} ms | {r['rps']:.1f} | {r['cpu_ms']:.1f} ms | "
            f"{r['probe_cpu_ms']:.1f} ms | {r['client_cpu_ms']:.1f} ms | "
            f"{r['database_cpu_ms']:.1f} ms | {r['queries']:.1f} | "
            f"{r['errors']} |"
        )
    for database, r in results.items():
        print(f"\n{database}, per page (p50 / p95 / SQL statements):\n")
        print("| page | p50 | p95 | SQL |")
        print("|---|---|---|---|")
        for page, (p50, p95, queries) in sorted(r["pages"].items(), key=lambda i: -i[1][1]):
            print(f"| `{page}` | {p50:.0f} ms | {p95:.0f} ms | {queries:.1f} |")
    if any(r["errors"] for r in results.values()):
        print("\nstatuses:", {d: dict(r["statuses"]) for d, r in results.items()})
        sys.exit(1)


if __name__ == "__main__":
    main()
