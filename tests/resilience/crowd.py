"""The people at the keyboards of the live tests: signed-in browsers, crowds of uploaders, and
the tally of what they sent and heard back."""

import hashlib
import html
import os
import threading
from collections import Counter
from dataclasses import dataclass, field
from itertools import count

import requests

from tests.resilience.live import CSRF_RE, Live

_serial = count(1)


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
    """A draft made through the form by the secretariat, for all once issued.

    It stays a draft, which takes the crowd's uploads: an issued document's files never change
    (409). The secretariat, who uploads, downloads and searches, reads its drafts.
    """
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
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])


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
