"""The app as a real server for the browser tests: a fresh instance, the demo data, the worker.

Used by conftest.py; also runnable by hand to look at the pages:
``.venv/bin/python -m tests.browser.support /tmp/thu`` starts the server and prints the accounts.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("INTRANET_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    # An English-language Chromium (its own date box would read mm/dd/yyyy): the pages' date
    # boxes must not depend on the browser's language.
    "--lang=en-US",
]
SAMPLES = ROOT / "tests" / "samples"
ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
VENDOR = Path(__file__).resolve().parent / "vendor"
# A day before the plan's yearly deadline (30/6), in the plan's last year (2023 – 2025).
TODAY = "2025-06-15"
TODAY_TYPED = "15/06/2025"  # the same day as the date boxes show and take it

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def flask_command(*args: str) -> list[str]:
    flask = Path(sys.executable).with_name("flask")
    return [str(flask), "--app", "intranet", *args]


@dataclass
class Server:
    folder: Path
    port: int = 0
    env: dict = field(default_factory=dict)
    processes: list = field(default_factory=list)
    accounts: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def run(self, *args: str, timeout: int = 300) -> str:
        done = subprocess.run(
            flask_command(*args),
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def start(self) -> "Server":
        """Migrate, load the demo, then start the web server and the worker beside it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        instance = self.folder / "instance"
        self.port = self.port or free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("INTRANET_")}
        env.update(
            INTRANET_INSTANCE_PATH=str(instance),
            INTRANET_DATABASE_URL=f"sqlite:///{instance / 'intranet.sqlite3'}",
            INTRANET_UPLOAD_FOLDER=str(self.folder / "uploads"),
            INTRANET_INDEX_FOLDER=str(self.folder / "index"),
            INTRANET_RATELIMIT_ENABLED="0",
            INTRANET_TODAY=TODAY,
            FLASK_DEBUG="0",
            PYTHONUNBUFFERED="1",
        )
        self.env = env
        self.run("db", "upgrade")
        self.run("demo", "load")
        for line in (instance / "demo_accounts.txt").read_text(encoding="utf-8").splitlines():
            username, password = line.split()
            self.accounts[username] = password
        logs = self.folder / "logs"
        logs.mkdir(exist_ok=True)
        for name, args in (
            ("worker", ("worker",)),
            ("web", ("run", "--host", "127.0.0.1", "--port", str(self.port), "--no-reload")),
        ):
            out = (logs / f"{name}.log").open("w")
            self.processes.append(
                subprocess.Popen(
                    flask_command(*args), cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
                )
            )
        self._wait()
        return self

    def _wait(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"the server stopped; see {self.folder / 'logs'}")
            try:
                with urllib.request.urlopen(self.url + "/login", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise RuntimeError(f"the server did not answer on {self.url} within {seconds} s")

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()

    def log(self, name: str = "web") -> str:
        path = self.folder / "logs" / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def launch_options() -> dict:
    return {"executable_path": str(CHROMIUM), "headless": True, "args": CHROMIUM_ARGS}


def reset_screenshots() -> None:
    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)
    SCREENSHOTS.mkdir(parents=True)


if __name__ == "__main__":  # pragma: no cover - a helper for looking at the pages by hand
    import tempfile

    folder = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="intranet-browser-")
    server = Server(Path(folder)).start()
    print(server.url)
    for user, password in server.accounts.items():
        print(f"  {user:<12} {password}")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
