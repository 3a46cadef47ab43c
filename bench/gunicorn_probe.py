"""gunicorn configuration for the page load bench: each worker appends, per request, its path,
the CPU milliseconds the worker spent on it and the SQL statements it ran, to a file of its own
in BENCH_PROBE_DIR (``pid.tsv``). Sync workers serve one request at a time, so the worker's
process time between pre_request and post_request is that request's. The project's own settings
(gunicorn.conf.py, which ``--config`` replaces) are read first."""

import os
import runpy
import time
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

globals().update(
    {
        name: value
        for name, value in runpy.run_path(
            str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py")
        ).items()
        if not name.startswith("__")
    }
)
_state = {"queries": 0, "cpu": 0.0, "out": None}


@event.listens_for(Engine, "before_cursor_execute")
def _count(*_args, **_kwargs):
    _state["queries"] += 1


def pre_request(worker, req):
    _state["queries"] = 0
    _state["cpu"] = time.process_time()


def post_request(worker, req, environ, resp):
    cpu_ms = (time.process_time() - _state["cpu"]) * 1000
    folder = os.environ.get("BENCH_PROBE_DIR")
    if folder:
        if _state["out"] is None:  # opened once: an open and a close per request cost 0.1 ms
            path = os.path.join(folder, f"{os.getpid()}.tsv")
            _state["out"] = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        line = f"{req.path}\t{cpu_ms:.3f}\t{_state['queries']}\n"
        os.write(_state["out"], line.encode())
