"""The app as a real server: gunicorn with two workers and ``flask worker``, on a fresh instance.

A template instance is made once per test session the way an administrator would make one
(``flask db upgrade``, ``flask demo load``, ``flask users create … --password-stdin``,
``flask search reindex``); every test then gets its own copy of it (database, uploads, index,
settings), started as separate process groups that the test may kill with SIGKILL and restart.

SQLite by default; PostgreSQL when INTRANET_TEST_DATABASE_URL is set, each instance in a database
of its own (``CREATE DATABASE … TEMPLATE``), so that ``pg_dump`` backs up that instance only.
"""

import contextlib
import hashlib
import html
import itertools
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
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
_serial = itertools.count(1)


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
                command,
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
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
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
        return f"http://127.0.0.1:{self.port}{path}"

    def client(self, username: str) -> "Client":
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


class Client:
    """A signed-in browser: a requests session with its CSRF token."""

    def __init__(self, live: Live):
        self.live = live
        self.http = requests.Session()
        self.token = None

    def get(self, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", 120)
        return self.http.get(self.live.url(path), **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", 180)
        kwargs.setdefault("allow_redirects", False)
        data = dict(kwargs.pop("data", None) or {})
        data["csrf_token"] = self.token
        return self.http.post(self.live.url(path), data=data, **kwargs)

    def csrf(self, path: str) -> str:
        page = self.get(path)
        match = CSRF_RE.search(page.text)
        assert match, f"no CSRF token on {path} ({page.status_code})"
        return html.unescape(match.group(1))

    def login(self, username: str, password: str) -> None:
        self.token = self.csrf("/login")
        response = self.post("/login", data={"username": username, "password": password})
        assert response.status_code == 302, response.text[:2000]
        self.token = self.csrf("/documents/")  # a new session after sign-in: a new token

    def upload(self, document_id: int, *named: tuple[str, bytes], **kwargs):
        """POST /documents/<id>/files as the page's script does (JSON answer)."""
        files = [("files", (name, content, "application/octet-stream")) for name, content in named]
        kwargs.setdefault("headers", {"Accept": "application/json"})
        return self.post(f"/documents/{document_id}/files", files=files, **kwargs)

    def search(self, q: str) -> str:
        return html.unescape(self.get("/search/", params={"q": q}).text)


def acknowledged(response: requests.Response | None) -> bool:
    if response is None or response.status_code != 200:
        return False
    try:
        return response.json().get("ok") is True
    except ValueError:
        return False


@dataclass
class Tally:
    """What a crowd of uploaders sent and heard back."""

    sent: int = 0
    acked: list[tuple[str, str]] = field(default_factory=list)  # (name, sha256)
    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, sha: str, response=None, error: Exception | None = None) -> None:
        with self.lock:
            self.sent += 1
            if error is not None:
                self.statuses[type(error).__name__] += 1
                self.errors.append(f"{name}: {error!r}"[:300])
                return
            self.statuses[response.status_code] += 1
            if acknowledged(response):
                self.acked.append((name, sha))
            elif len(self.errors) < 20:
                self.errors.append(f"{name}: {response.status_code} {response.text[:200]}")

    @property
    def server_errors(self) -> int:
        return sum(n for code, n in self.statuses.items() if isinstance(code, int) and code >= 500)


def create_document(live: Live, client: Client, summary: str, **fields) -> int:
    """A document made through the form by the secretariat, published to all by default."""
    symbol = fields.pop("symbol", None) or f"{next(_serial)}{os.getpid() % 1000}/TB-CĐBP"
    data = {
        "kind": "TB",
        "number_symbol": symbol,
        "issued_on": "2024-05-20",
        "summary": summary,
        "issued_place": "Bình Phước",
        "issuer_name": "Trường Cao đẳng Bình Phước",
        "unit_id": "0",
        "audience_all": "all",
        **fields,
    }
    response = client.post("/documents/new", data=data)
    assert response.status_code == 302, response.text[:3000]
    document_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])
    answer = client.post(f"/documents/{document_id}/publish")
    assert answer.status_code == 302
    return document_id


# -- the template instance, made once ---------------------------------------------------------


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    """The instance every live test copies: migrated, demo loaded, users made, index built."""
    root = tmp_path_factory.mktemp("live-template")
    pg_name = f"rs_tmpl_{os.getpid()}" if PG_URL else None
    url = pg_create(pg_name) if PG_URL else f"sqlite:///{root / 'instance' / 'intranet.sqlite3'}"
    live = Live(root, url)
    # Cheap password hashing for the many sign-ins of the load test (a setting of instance/).
    (live.instance / "config.py").write_text('PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"\n')
    live.flask("db", "upgrade")
    live.flask("demo", "load")
    for line in (live.instance / "demo_accounts.txt").read_text().splitlines():
        username, password = line.split()
        live.accounts[username] = password
    for username in LOADERS:
        live.flask(
            "users",
            "create",
            username,
            "--role",
            "secretariat",
            "--role",
            "staff",
            "--unit",
            "HCTC",
            "--password-stdin",
            input=PASSWORD + "\n",
        )
        live.accounts[username] = PASSWORD
    live.flask("search", "reindex")
    live.dispose()
    yield live, pg_name
    if pg_name:
        pg_drop(pg_name)


@pytest.fixture
def make_live(template, tmp_path):
    """make_live(upload_folder=None) -> a Live copy of the template (not started)."""
    source, pg_template = template
    made: list[tuple[Live, str | None]] = []

    def make(upload_folder: Path | None = None, name: str | None = None) -> Live:
        root = tmp_path / (name or f"live{len(made) + 1}")
        root.mkdir()
        pg_name = None
        if PG_URL:
            pg_name = f"rs_{os.getpid()}_{next(_serial)}"
            url = pg_create(pg_name, template=pg_template)
        else:
            url = f"sqlite:///{root / 'instance' / 'intranet.sqlite3'}"
        live = Live(root, url, upload_folder)
        for item in source.instance.iterdir():
            if item.name in ("config.py", "secret_key", "demo_accounts.txt"):
                shutil.copy2(item, live.instance / item.name)
        if not PG_URL:
            src = sqlite3.connect(source.instance / "intranet.sqlite3")
            dest = sqlite3.connect(live.instance / "intranet.sqlite3")
            with dest:
                src.backup(dest)
            dest.close()
            src.close()
        shutil.copytree(source.uploads, live.uploads, dirs_exist_ok=True)
        shutil.copytree(source.index, live.index)
        live.accounts = dict(source.accounts)
        made.append((live, pg_name))
        return live

    yield make
    for live, pg_name in made:
        live.dispose()
        if pg_name:
            pg_drop(pg_name)


@pytest.fixture
def empty_live(tmp_path):
    """empty_live() -> an instance with an empty database (for restore), not started."""
    made: list[tuple[Live, str | None]] = []

    def make(name: str = "restored") -> Live:
        root = tmp_path / name
        root.mkdir()
        pg_name = f"rs_{os.getpid()}_{next(_serial)}" if PG_URL else None
        url = pg_create(pg_name) if PG_URL else f"sqlite:///{root / 'instance' / 'db.sqlite3'}"
        live = Live(root, url)
        made.append((live, pg_name))
        return live

    yield make
    for live, pg_name in made:
        live.dispose()
        if pg_name:
            pg_drop(pg_name)


def run_crowd(clients: int, work, *args) -> None:
    """Run ``work(i, *args)`` in ``clients`` threads at once; re-raise the first failure."""
    failures: list[BaseException] = []
    start = threading.Barrier(clients)

    def run(i: int) -> None:
        try:
            start.wait(timeout=300)
            work(i, *args)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=900)
    if failures:
        raise failures[0]


def report(title: str, **figures) -> None:
    """Keep the figures a test measured: printed (-s), in the terminal summary of a run without
    xdist, and appended to artifacts/resilience-figures.txt (xdist workers print nothing)."""
    line = f"{title}: " + ", ".join(f"{k}={v}" for k, v in figures.items())
    FIGURES.append(line)
    print(line)
    folder = ROOT / "artifacts"
    folder.mkdir(exist_ok=True)
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    database = "postgresql" if PG_URL else "sqlite"
    with (folder / "resilience-figures.txt").open("a", encoding="utf-8") as out:
        out.write(f"{stamp} [{database}] {line}\n")


FIGURES: list[str] = []


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("resilience figures")
        for line in FIGURES:
            terminalreporter.write_line(line)


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


def text_file(line: str, size: int) -> bytes:
    """About ``size`` bytes of UTF-8 text repeating ``line``, cut on a character boundary."""
    data = line.encode()
    data = (data * (size // len(data) + 1))[:size]
    return data.decode("utf-8", "ignore").encode()


class Uploaders:
    """Clients uploading small distinct files in a loop until stopped."""

    def __init__(self, clients, document_id: int, tag: str):
        self.clients, self.document_id, self.tag = clients, document_id, tag
        self.tally = Tally()
        self.stop = threading.Event()
        self.threads = [
            threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(len(clients))
        ]

    def _run(self, i: int) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            data = text_file(f"Biên bản {self.tag} số {i}-{n}: hồ sơ lưu trữ.\n", 2000 + 97 * n)
            name = f"Biên bản {self.tag} {i}-{n}.txt"
            sha = hashlib.sha256(data).hexdigest()
            try:
                response = self.clients[i].upload(self.document_id, (name, data), timeout=60)
            except Exception as exc:
                self.tally.add(name, sha, error=exc)
                return
            self.tally.add(name, sha, response)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=120)
