"""The app as a real server: gunicorn with two workers and ``flask worker``, on a fresh instance.

A template instance is made once per test session the way an administrator would make one
(``flask db upgrade``, ``flask demo load``, ``flask users create … --password-stdin``,
``flask search reindex``); every test then gets its own copy of it (database, uploads, index,
settings), started as separate process groups that the test may kill with SIGKILL and restart.

SQLite by default; PostgreSQL when INTRANET_TEST_DATABASE_URL is set, each instance in a database
of its own (``CREATE DATABASE … TEMPLATE``), so that ``pg_dump`` backs up that instance only.
"""

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests
from sqlalchemy import create_engine, make_url, text

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG_URL = os.environ.get("INTRANET_TEST_DATABASE_URL")
PASSWORD = "mat-khau-kiem-thu-tai"
# Made with `flask users create … --password-stdin`, beside the demo accounts.
LOADERS = ("tai.mot", "tai.hai", "tai.ba")
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
DEGRADED = "Chức năng tìm kiếm tạm thời gián đoạn"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# -- PostgreSQL: one database per instance --------------------------------------------------


def _pg_admin():
    import psycopg

    url = make_url(PG_URL).set(drivername="postgresql", query={})
    return psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)


def _pg_url(database: str) -> str:
    return make_url(PG_URL).set(database=database, query={}).render_as_string(hide_password=False)


def pg_create(database: str, template: str | None = None) -> str:
    with _pg_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        suffix = f' TEMPLATE "{template}"' if template else ""
        conn.execute(f'CREATE DATABASE "{database}"{suffix}')
    return _pg_url(database)


def pg_drop(database: str) -> None:
    with contextlib.suppress(Exception), _pg_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


# -- an instance and its processes -----------------------------------------------------------


class Live:
    """One instance folder, its database, and (when started) its server and worker."""

    def __init__(self, root: Path, database_url: str, upload_folder: Path | None = None):
        self.root = root
        self.instance = root / "instance"
        self.uploads = upload_folder or root / "uploads"
        self.index = root / "index"
        self.database_url = database_url
        self.instance.mkdir(parents=True, exist_ok=True)
        self.port = None
        self.address = (
            "127.0.0.1"  # where the server listens (a host's own address: test_multi_host)
        )
        self.prefix: list[str] = []  # before each command (``ip netns exec NAME``)
        self.gunicorn_workers = 2
        self.server = None
        self.worker = None
        self.accounts: dict[str, str] = {}
        self._engine = None
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("INTRANET_")}
        self.env.update(
            {
                "INTRANET_INSTANCE_PATH": str(self.instance),
                "INTRANET_UPLOAD_FOLDER": str(self.uploads),
                "INTRANET_INDEX_FOLDER": str(self.index),
                "INTRANET_DATABASE_URL": database_url,
                "INTRANET_SECRET_KEY": "khoa-bi-mat-kiem-thu-tai",
                "INTRANET_RATELIMIT_ENABLED": "0",
                "INTRANET_OCR_ENABLED": "0",
                # The nightly backup would start within a minute of each worker: only the
                # test of scheduled backups turns it on (test_nightly_backup.py).
                "INTRANET_BACKUP_ENABLED": "0",
                "PYTHONUNBUFFERED": "1",
            }
        )

    # commands

    def flask(self, *args: str, input: str | None = None, check: bool = True, timeout=300):
        done = subprocess.run(
            [str(BIN / "flask"), "--app", "intranet", *args],
            cwd=ROOT,
            env=self.env,
            input=input,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(
                f"flask {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
            )
        return done

    def check(self) -> tuple[int, str]:
        """`flask check`: its exit status and everything it printed."""
        done = self.flask("check", check=False)
        return done.returncode, done.stdout + done.stderr

    # processes

    def _spawn(self, name: str, command: list[str]) -> subprocess.Popen:
        log = (self.root / f"{name}.log").open("ab")
        try:
            # A process group of its own: the server's workers die with their master.
            return subprocess.Popen(
                [*self.prefix, *command],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            log.close()

    def start(self, worker: bool = True) -> "Live":
        self.start_server()
        if worker:
            self.start_worker()
        return self

    def start_server(self) -> None:
        self.port = self.port or free_port()
        self.server = self._spawn(
            "gunicorn",
            [
                str(BIN / "gunicorn"),
                "--workers",
                str(self.gunicorn_workers),
                "--bind",
                f"{self.address}:{self.port}",
                "--timeout",
                "120",
                "--graceful-timeout",
                "5",
                "--access-logfile",
                "-",
                "--access-logformat",
                "%(s)s %(m)s %(U)s",
                "intranet:create_app()",
            ],
        )
        self._wait_ready()

    def start_worker(self) -> None:
        self.worker = self._spawn("worker", [str(BIN / "flask"), "--app", "intranet", "worker"])

    def _wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise AssertionError(f"gunicorn exited:\n{tail(self.root / 'gunicorn.log')}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(self.url("/login"), timeout=5).status_code == 200:
                    return
            time.sleep(0.3)
        raise AssertionError(f"gunicorn not ready:\n{tail(self.root / 'gunicorn.log')}")

    @staticmethod
    def _signal(proc: subprocess.Popen | None, sig: int, wait: float = 15) -> None:
        if proc is None or (proc.poll() is not None and sig != signal.SIGKILL):
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        if sig == signal.SIGKILL:  # whatever of the group outlived its leader
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

    def kill(self) -> None:
        """SIGKILL to the server's and the worker's process groups at once: a power cut."""
        for proc in (self.server, self.worker):
            if proc is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
        for proc in (self.server, self.worker):
            if proc is not None:
                proc.wait(timeout=30)
        self.server = self.worker = None

    def stop(self) -> None:
        for proc in (self.server, self.worker):
            self._signal(proc, signal.SIGTERM)
            self._signal(proc, signal.SIGKILL, wait=5)
        self.server = self.worker = None

    # HTTP

    def url(self, path: str) -> str:
        return f"http://{self.address}:{self.port}{path}"

    def client(self, username: str):
        """A browser signed in as ``username`` (see crowd.Client)."""
        from tests.resilience.crowd import Client

        client = Client(self)
        client.login(username, self.accounts[username])
        return client

    # database

    @property
    def engine(self):
        if self._engine is None:
            self._engine = create_engine(self.database_url)
        return self._engine

    def scalar(self, sql: str, **params):
        with self.engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()

    def rows(self, sql: str, **params) -> list[tuple]:
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]

    def count(self, table: str) -> int:
        return self.scalar(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (our table names)

    def upload_blobs(self) -> int:
        """Rows of stored_file but the resized copies of stories' photos, which the worker may
        store at any moment (the demo's story has one photo)."""
        return self.count("stored_file") - self.count("propagation_photo_size")

    def file_rows(self) -> dict[int, tuple[str, str]]:
        """{file_version id: (original name, sha256)} of every document file version."""
        return {
            vid: (name, sha)
            for vid, name, sha in self.rows(
                "SELECT v.id, v.original_name, s.sha256 FROM file_version v "
                "JOIN stored_file s ON s.id = v.stored_file_id"
            )
        }

    def wait_for_worker(self, timeout: float = 180) -> None:
        """Until every stored file has its text extracted and the outbox is empty."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            left = self.scalar("SELECT count(*) FROM search_outbox") + self.scalar(
                "SELECT count(*) FROM stored_file s WHERE NOT EXISTS "
                "(SELECT 1 FROM extracted_text e WHERE e.stored_file_id = s.id)"
            )
            if left == 0:
                return
            if self.worker is not None and self.worker.poll() is not None:
                raise AssertionError(f"the worker exited:\n{tail(self.root / 'worker.log')}")
            time.sleep(0.5)
        raise AssertionError(f"the worker did not catch up:\n{tail(self.root / 'worker.log')}")

    def blobs(self) -> list[Path]:
        """Every file under the upload folder, temporary files included."""
        return sorted(p for p in self.uploads.rglob("*") if p.is_file())

    def temp_files(self) -> list[Path]:
        folder = self.uploads / "tmp"
        return sorted(p for p in folder.iterdir() if p.is_file()) if folder.exists() else []

    def dispose(self) -> None:
        self.stop()
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def index_figures(live: Live) -> dict[str, int]:
    """Entries in the search index and records that should be there, read by the app itself."""
    code = (
        "import json\n"
        "from intranet import create_app\n"
        "from intranet.indexing import records, worker\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    backend = worker.open_index(create=False)\n"
        "    try:\n"
        "        keys = backend.keys()\n"
        "    finally:\n"
        "        backend.close()\n"
        "    print(json.dumps({'entries': len(keys), 'records': len(records.all_keys()),\n"
        "                      'missing': len(set(records.all_keys()) - keys)}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=live.env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])
