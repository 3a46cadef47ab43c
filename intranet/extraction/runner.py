"""The parent side: hand a file to a pooled child, wait with a wall-clock limit, read the answer."""

import json
import logging
import signal
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from intranet.extraction.pool import POOL
from intranet.extraction.result import (
    CRASHED,
    MEMORY,
    MISSING,
    STATUSES,
    TIMEOUT,
    TYPE_CODES,
    UNSUPPORTED,
    Extraction,
)

log = logging.getLogger(__name__)

MAX_CHARS = 5_000_000  # enough for a 2,000-page report; a bigger text would only bloat the index
MAX_PAGES = 50


def extract(
    path: Path,
    type_code: str,
    *,
    ocr: bool = True,
    timeout: float = 60,
    memory_mb: int = 1024,
    max_pages: int = MAX_PAGES,
    max_chars: int = MAX_CHARS,
) -> Extraction:
    """Extract the text of the file at ``path``, whose content is of type ``type_code``.

    The work runs in a pooled child process (``pool.POOL``) limited, for this file, to
    ``timeout`` seconds (wall clock, then killed with the programs it started) and ``memory_mb``
    of address space; ``max_pages`` caps OCR'd PDF pages and ``max_chars`` the text kept. Never
    raises for anything the file does. Safe to call from as many threads as the pool has children.
    """
    if type_code not in TYPE_CODES:
        return Extraction("unsupported", message=UNSUPPORTED)
    path = Path(path)
    if not path.is_file():
        return Extraction("failed", message=MISSING)
    request = {
        "path": str(path.resolve()),
        "type_code": type_code,
        "ocr": ocr,
        "timeout": timeout,
        "memory_mb": memory_mb,
        "max_pages": max_pages,
        "max_chars": max_chars,
    }
    try:
        reply = POOL.run(request, timeout)
    except OSError:
        log.exception("could not start the extraction worker")
        return Extraction("failed", message=CRASHED)
    if reply.timed_out:
        log.info("extraction of %s (%s) timed out after %ss", path, type_code, timeout)
        return Extraction("timeout", message=TIMEOUT)
    if reply.answer is None:
        return _answer(reply.returncode, b"", reply.stderr, path, type_code)
    return _answer(0, reply.answer, reply.stderr, path, type_code)


def _answer(returncode: int, out: bytes, err: bytes, path: Path, type_code: str) -> Extraction:
    """The worker's JSON answer as an ``Extraction``, or a failure from its exit status."""
    stderr = err[-2000:].decode("utf-8", "replace")
    if returncode == -signal.SIGXCPU:
        return Extraction("timeout", message=TIMEOUT)
    if returncode != 0:
        # Killed by a signal or an abort: usually a C library failing to allocate under the cap.
        log.warning("extraction of %s (%s) ended with %s: %s", path, type_code, returncode, stderr)
        return Extraction("failed", message=MEMORY if "MemoryError" in stderr else CRASHED)
    try:
        data = json.loads(out)
        status = data["status"]
        if status not in STATUSES:
            raise ValueError(status)
    except (ValueError, KeyError, TypeError):
        log.warning("extraction of %s (%s) gave no answer: %s", path, type_code, stderr)
        return Extraction("failed", message=CRASHED)
    if status == "failed" and stderr:
        log.info("extraction of %s (%s) failed: %s", path, type_code, stderr)
    return Extraction(
        status=status,
        text=str(data.get("text", "")) if status == "ok" else "",
        method=str(data.get("method", "")),
        message=str(data.get("message", "")),
        truncated=bool(data.get("truncated", False)),
    )


def extract_many(files: Iterable[tuple[Path, str]], **settings) -> Iterator[Extraction]:
    """``extract`` for each (path, type code), as many at once as the pool has children; the
    results come in the order of ``files``, each as soon as it and those before it are done."""
    files = list(files)
    if len(files) <= 1 or POOL.size == 1:
        yield from (extract(path, type_code, **settings) for path, type_code in files)
        return
    with ThreadPoolExecutor(max_workers=min(POOL.size, len(files))) as threads:
        yield from threads.map(lambda file: extract(file[0], file[1], **settings), files)


def configure_pool(config: Mapping) -> None:
    """Size the pool from the app's config: ``EXTRACTION_WORKERS`` children at most (default 2),
    each replaced after ``EXTRACTION_RECYCLE_AFTER`` files (default 200)."""
    POOL.configure(
        size=config.get("EXTRACTION_WORKERS"), max_files=config.get("EXTRACTION_RECYCLE_AFTER")
    )


def settings_from(config: Mapping) -> dict:
    """Keyword arguments for ``extract`` from the app's config (the caller passes app.config).

    Keys: ``OCR_ENABLED``, ``EXTRACTION_TIMEOUT``, ``EXTRACTION_MEMORY_MB``,
    ``EXTRACTION_MAX_PAGES``; a missing key keeps ``extract``'s default.
    """
    keys = {
        "OCR_ENABLED": ("ocr", bool),
        "EXTRACTION_TIMEOUT": ("timeout", float),
        "EXTRACTION_MEMORY_MB": ("memory_mb", int),
        "EXTRACTION_MAX_PAGES": ("max_pages", int),
    }
    return {name: kind(config[key]) for key, (name, kind) in keys.items() if key in config}
