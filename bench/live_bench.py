"""A live instance for the benches: the resilience tests' ``Live`` (tests/resilience/live.py) with
gunicorn's worker count and a probe of its own (bench/gunicorn_probe.py: CPU and SQL statements
per request), on SQLite or on PostgreSQL (a database of its own, dropped afterwards)."""

import contextlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_DEFAULT = "postgresql+psycopg://root@127.0.0.1:5432/test"
os.environ.setdefault("INTRANET_TEST_DATABASE_URL", PG_DEFAULT)

from tests.resilience import live as live_module  # noqa: E402
from tests.resilience.live import BIN, Live, free_port, pg_create, pg_drop  # noqa: E402

PROBE = Path(__file__).resolve().parent / "gunicorn_probe.py"


class BenchLive(Live):
    """A Live whose gunicorn has ``workers`` workers and, when ``probe_dir`` is set, the probe."""

    def __init__(self, root: Path, database_url: str, workers: int = 3, probe_dir=None):
        super().__init__(root, database_url)
        self.workers = workers
        self.probe_dir = probe_dir
        if probe_dir:
            self.env["BENCH_PROBE_DIR"] = str(probe_dir)

    def start_server(self) -> None:
        self.port = self.port or free_port()
        command = [
            str(BIN / "gunicorn"),
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "120",
            "--graceful-timeout",
            "5",
            "intranet:create_app()",
        ]
        if self.probe_dir:
            command[1:1] = ["--config", str(PROBE)]
        self.server = self._spawn("gunicorn", command)
        self._wait_ready()

    def worker_pids(self) -> list[int]:
        """gunicorn's worker processes (children of its master)."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.server.pid:
                    pids.append(int(stat.parent.name))
        return pids

    def server_cpu(self) -> float:
        """CPU seconds used so far by gunicorn's workers."""
        return cpu_of(self.worker_pids())


# The documents the page benches ask for: issued to everyone (one issued to a unit only is,
# rightly, not found by the other roles).
FOR_EVERYONE = (
    "SELECT id FROM document WHERE status = 'published' AND id NOT IN"
    " (SELECT document_id FROM document_audience) ORDER BY id DESC LIMIT 200"
)


def cpu_of(pids) -> float:
    """CPU seconds used so far by these processes (those gone meanwhile count nothing)."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def make_instance(root: Path, database: str, name: str, **options) -> tuple[BenchLive, str | None]:
    """A migrated instance with the demo loaded and its accounts known; cheap password hashing.
    ``database`` is "sqlite" or "postgresql"; returns the live and the PostgreSQL database made."""
    root.mkdir(parents=True, exist_ok=True)
    pg_name = None
    if database == "postgresql":
        live_module.PG_URL = os.environ["INTRANET_TEST_DATABASE_URL"]
        pg_name = f"{name}_{os.getpid()}"
        url = pg_create(pg_name)
    else:
        url = f"sqlite:///{root / 'instance' / 'intranet.sqlite3'}"
    live = BenchLive(root, url, **options)
    (live.instance / "config.py").write_text('PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"\n')
    live.flask("db", "upgrade")
    live.flask("demo", "load")
    for line in (live.instance / "demo_accounts.txt").read_text().splitlines():
        username, password = line.split()
        live.accounts[username] = password
    return live, pg_name


def drop(live: BenchLive, pg_name: str | None) -> None:
    live.dispose()
    if pg_name:
        pg_drop(pg_name)
