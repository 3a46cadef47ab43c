"""Full-text search over the archive, behind one small interface with two backends.

The domain describes records as :class:`IndexRecord` (with ACL tokens) and asks with a
:class:`SearchQuery` (with the reader's tokens); :func:`open_backend` gives a :class:`Backend`
("whoosh" or "tantivy") on an index folder. The database is the truth: the index can always be
cleared and rebuilt from it. This package imports no domain area and nothing of Flask.

    backend = open_backend("tantivy", app.config["INDEX_FOLDER"])
    backend.index([IndexRecord(key="document:12", type="document", title=..., acl=["all"])])
    results = search(backend, SearchQuery(text='"điển hình" -2022', reader=["all", "unit:KCNTT"]))
"""

import os
import threading

from .base import (
    FACETS,
    MESSAGE_DEGRADED,
    MESSAGE_EMPTY,
    MESSAGE_SHORTENED,
    TYPES,
    Backend,
    Hit,
    IndexRecord,
    IndexUnavailable,
    SearchQuery,
    SearchResults,
)
from .results import degraded_results

BACKENDS = ("tantivy", "whoosh")
DEFAULT_BACKEND = "tantivy"  # the faster one in bench/results.md

__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "FACETS",
    "MESSAGE_DEGRADED",
    "MESSAGE_EMPTY",
    "MESSAGE_SHORTENED",
    "TYPES",
    "Backend",
    "Hit",
    "IndexRecord",
    "IndexUnavailable",
    "SearchQuery",
    "SearchResults",
    "degraded_results",
    "forget_shared",
    "open_backend",
    "search",
    "shared_backend",
]

# Readers' backends, one per process, backend and index folder (see shared_backend).
MAX_SHARED = 4
_shared: dict[tuple[int, str, str], Backend] = {}
_shared_lock = threading.Lock()


def open_backend(name: str, folder: str) -> Backend:
    """Open (creating if needed) the ``name`` index kept under ``folder``.

    Each backend keeps its files in its own versioned subfolder (``tantivy-v1``,
    ``whoosh-v1``), so switching backends or upgrading the schema starts a fresh, empty index
    for ``search reindex`` to fill. Raises IndexUnavailable when the folder cannot be used, and
    ValueError for an unknown name.
    """
    if name == "tantivy":
        from .tantivy_backend import TantivyBackend

        return TantivyBackend(folder)
    if name == "whoosh":
        from .whoosh_backend import WhooshBackend

        return WhooshBackend(folder)
    raise ValueError(f"unknown search backend {name!r}; choose one of {', '.join(BACKENDS)}")


def shared_backend(name: str, folder: str) -> Backend:
    """The long-lived backend of this process for reading ``folder`` with ``name``.

    Opening an index (its schema, analyzers, segment files) costs more than a search, so a
    reader keeps one per process and asks it on every request; each search takes the latest
    commit (Tantivy reloads its reader when meta.json changed, Whoosh when a new generation
    was written), so the worker's writes from another process are seen at once. The caller
    never closes it; it calls :func:`forget_shared` when it raised IndexUnavailable, so that
    the next request opens the index afresh (a folder deleted and rebuilt). Keyed by process
    too: a forked server worker opens its own. At most ``MAX_SHARED`` are kept (tests use many
    folders), the oldest dropped first.
    """
    key = (os.getpid(), name, os.path.abspath(folder))
    with _shared_lock:
        backend = _shared.get(key)
        if backend is None:
            backend = open_backend(name, folder)
            while len(_shared) >= MAX_SHARED:
                _shared.pop(next(iter(_shared)))
            _shared[key] = backend
        return backend


def forget_shared(name: str, folder: str) -> None:
    """Drop this process's shared backend on ``folder`` (after it raised IndexUnavailable)."""
    with _shared_lock:
        _shared.pop((os.getpid(), name, os.path.abspath(folder)), None)


def index_path(name: str, folder: str) -> str:
    """The versioned subfolder the ``name`` backend keeps its index in (see open_backend)."""
    if name == "tantivy":
        from .tantivy_backend import SCHEMA_VERSION
    elif name == "whoosh":
        from .whoosh_backend import SCHEMA_VERSION
    else:
        raise ValueError(f"unknown search backend {name!r}; choose one of {', '.join(BACKENDS)}")
    return os.path.join(folder, f"{name}-v{SCHEMA_VERSION}")


def search(backend: Backend | None, q: SearchQuery) -> SearchResults:
    """``backend.search(q)``, or degraded results when the index cannot be read."""
    if backend is None:
        return degraded_results()
    try:
        return backend.search(q)
    except IndexUnavailable:
        return degraded_results()
