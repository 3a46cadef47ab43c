"""Long-lived extraction children: started once, each reading many files, recycled often.

Starting a Python process per file cost about 113 ms of CPU, more than reading most files. A
child here answers one request after another (one JSON line each way) under the same caps as
before, set again for every file (``worker.serve``): CPU seconds and address space, no file
writes. The parent keeps the wall-clock limit: past it, the child's whole process group (the
child and any Tesseract it started) is killed. A child is recycled after ``max_files`` files and
after any fault (a timeout, a failure, a crash), so a parser's leaked state never reaches the
next file for long.

The pool holds up to ``size`` children; ``extract`` may be called from that many threads at once.
"""

import atexit
import contextlib
import fcntl
import json
import logging
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the ``intranet`` package folder
# Importing ``intranet`` runs the Flask app factory's module (≈ 0.4 s); the child needs only this
# package, so it registers a bare ``intranet`` package pointing at the folder and skips it.
_BOOTSTRAP = (
    "import sys, types\n"
    "package = types.ModuleType('intranet')\n"
    "package.__path__ = [sys.argv[1]]\n"
    "sys.modules['intranet'] = package\n"
    "from intranet.extraction.worker import serve\n"
    "serve()\n"
)
STDERR_KEPT = 2000
SIZE = 2  # children at most: the machine has two cores, and the web server shares them
MAX_FILES = 200  # files a child reads before it is replaced


class ChildGone(Exception):
    """The child was not there to take a request (it died while idle): not the file's fault."""


@dataclass(frozen=True)
class Reply:
    """What a child did with one request: its answer line, or its exit status, and its stderr."""

    answer: bytes | None
    returncode: int | None
    stderr: bytes
    timed_out: bool = False


class Child:
    """One extraction process, in a session (process group) of its own."""

    def __init__(self) -> None:
        self.environ = dict(os.environ)  # a child started under other variables is not reused
        self.proc = subprocess.Popen(  # noqa: S603 (our own interpreter and code, no shell)
            [sys.executable, "-I", "-B", "-c", _BOOTSTRAP, str(_PACKAGE_DIR)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**self.environ, "OMP_THREAD_LIMIT": "1"},
            start_new_session=True,  # its own process group, so a kill reaches Tesseract too
        )
        self.files = 0
        for stream in (self.proc.stdout, self.proc.stderr):
            flags = fcntl.fcntl(stream.fileno(), fcntl.F_GETFL)
            fcntl.fcntl(stream.fileno(), fcntl.F_SETFL, flags | os.O_NONBLOCK)

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def ask(self, request: dict, timeout: float) -> Reply:
        """Send one request; wait up to ``timeout`` seconds for its answer line."""
        if not self.alive:
            raise ChildGone
        self._drain_stderr()  # anything printed between requests belongs to no file
        try:
            self.proc.stdin.write(json.dumps(request).encode() + b"\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise ChildGone from exc
        self.files += 1
        out, err = bytearray(), bytearray()
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(self.proc.stdout, selectors.EVENT_READ, out)
            selector.register(self.proc.stderr, selectors.EVENT_READ, err)
            while b"\n" not in out:
                left = deadline - time.monotonic()
                if left <= 0:
                    self.kill()
                    return Reply(None, None, bytes(err[-STDERR_KEPT:]), timed_out=True)
                for key, _ in selector.select(left):
                    chunk = _read(key.fileobj)
                    if chunk:
                        key.data.extend(chunk)
                    else:
                        selector.unregister(key.fileobj)
                        if key.data is out:  # the child closed its answers: it is ending
                            return self._ended(err)
                if not selector.get_map():
                    return self._ended(err)
        err.extend(self._drain_stderr())
        return Reply(bytes(out[: out.index(b"\n")]), None, bytes(err[-STDERR_KEPT:]))

    def _ended(self, err: bytearray) -> Reply:
        try:
            returncode = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            returncode = self.proc.returncode
        err.extend(self._drain_stderr())
        self.kill()  # a helper left behind by a child that died must not live on
        return Reply(None, returncode, bytes(err[-STDERR_KEPT:]))

    def _drain_stderr(self) -> bytes:
        data = bytearray()
        while chunk := _read(self.proc.stderr):
            data.extend(chunk)
        return bytes(data)

    def kill(self) -> None:
        """End the child and every program it started, and reap it."""
        with contextlib.suppress(ProcessLookupError, PermissionError):  # the group is gone
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            with contextlib.suppress(OSError):
                stream.close()


def _read(stream) -> bytes:
    try:
        return os.read(stream.fileno(), 1 << 16)
    except BlockingIOError:
        return b""
    except (OSError, ValueError):  # closed
        return b""


class Pool:
    """Up to ``size`` children, handed out one per caller; ``run`` is safe across threads."""

    def __init__(self, size: int = SIZE, max_files: int = MAX_FILES) -> None:
        self.size, self.max_files = max(1, size), max(1, max_files)
        self._idle: list[Child] = []
        self._busy = 0
        self._cond = threading.Condition()
        self._pid = os.getpid()
        self.started = 0  # children started so far (tests and the bench read it)

    def configure(self, size: int | None = None, max_files: int | None = None) -> None:
        with self._cond:
            if size is not None:
                self.size = max(1, int(size))
            if max_files is not None:
                self.max_files = max(1, int(max_files))
            self._cond.notify_all()

    def run(self, request: dict, timeout: float) -> Reply:
        """Have a child answer ``request``; a child that died while idle is replaced, once."""
        child = self._take()
        try:
            try:
                reply = child.ask(request, timeout)
            except ChildGone:
                child.kill()
                child = self._start()
                reply = child.ask(request, timeout)
        except BaseException:
            child.kill()
            self._give_back(None)
            raise
        healthy = reply.answer is not None and not reply.timed_out
        if healthy:
            with contextlib.suppress(ValueError, TypeError):
                status = json.loads(reply.answer).get("status")
                healthy = status not in ("failed", "timeout")
        if not healthy or child.files >= self.max_files or not child.alive:
            child.kill()
            child = None
        self._give_back(child)
        return reply

    def _take(self) -> Child:
        with self._cond:
            if self._pid != os.getpid():  # forked: the parent's children are not ours to use
                self._idle, self._busy, self._pid = [], 0, os.getpid()
            while not self._idle and self._busy >= self.size:
                self._cond.wait()
            self._busy += 1
            environ = dict(os.environ)
            while self._idle:
                child = self._idle.pop()
                if child.environ == environ and child.alive:
                    return child
                child.kill()  # PATH or a setting changed since it started (tests do that)
        try:
            return self._start()
        except BaseException:
            self._give_back(None)
            raise

    def _start(self) -> Child:
        child = Child()
        self.started += 1
        return child

    def _give_back(self, child: Child | None) -> None:
        with self._cond:
            self._busy -= 1
            if child is not None and len(self._idle) < self.size:
                self._idle.append(child)
            elif child is not None:
                child.kill()
            self._cond.notify()

    def close(self) -> None:
        """End the idle children (busy ones end when their caller gives them back)."""
        with self._cond:
            idle, self._idle = self._idle, []
            mine = self._pid == os.getpid()
        if mine:
            for child in idle:
                child.kill()


POOL = Pool()
atexit.register(POOL.close)
