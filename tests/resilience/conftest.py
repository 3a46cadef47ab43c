"""Fixtures of the resilience tests: the live instances (see live.py) and the records the
security tests act on; and the figures in the terminal summary."""

import os
import shutil
import sqlite3
from itertools import count
from pathlib import Path

import pytest

from tests.resilience.figures import FIGURES
from tests.resilience.hostile import make_place
from tests.resilience.live import LOADERS, PASSWORD, PG_URL, Live, pg_create, pg_drop

_serial = count(1)


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


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("resilience figures")
        for line in FIGURES:
            terminalreporter.write_line(line)


@pytest.fixture
def place(app, users):
    """The restricted records of the leak tests, plus a draft, a plan, a decision and a
    nomination still in draft: every form of the hostile-input tests has something to act on."""
    return make_place(app, users)
