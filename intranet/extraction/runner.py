"""The parent side: start the worker for one file, wait with a wall-clock limit, read its answer."""

import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

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
_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the ``intranet`` package folder
# Importing ``intranet`` runs the Flask app factory's module (≈ 0.4 s); the child needs only this
# package, so it registers a bare ``intranet`` package pointing at the folder and skips it.
_BOOTSTRAP = (
    "import sys, types\n"
    "package = types.ModuleType('intranet')\n"
    "package.__path__ = [sys.argv[1]]\n"
    "sys.modules['intranet'] = package\n"
    "from intranet.extraction.worker import main\n"
    "main()\n"
)


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

    The work runs in a child process limited to ``timeout`` seconds (wall clock, then killed with
    the programs it started) and ``memory_mb`` of address space; ``max_pages`` caps OCR'd PDF pages
    and ``max_chars`` the text kept. Never raises for anything the file does.
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
        child = subprocess.Popen(  # noqa: S603 (our own interpreter and code, no shell)
            [sys.executable, "-I", "-B", "-c", _BOOTSTRAP, str(_PACKAGE_DIR)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
            start_new_session=True,  # its own process group, so a kill reaches Tesseract too
        )
    except OSError:
        log.exception("could not start the extraction worker")
        return Extraction("failed", message=CRASHED)
    try:
        out, err = child.communicate(json.dumps(request).encode(), timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(child)
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.communicate(timeout=5)  # reap it; its pipes close with the group
        log.info("extraction of %s (%s) timed out after %ss", path, type_code, timeout)
        return Extraction("timeout", message=TIMEOUT)
    finally:
        _kill_group(child)  # a helper left behind by a worker that died must not live on
    return _answer(child.returncode, out, err, path, type_code)


def _kill_group(child: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):  # the group is already gone
        os.killpg(child.pid, signal.SIGKILL)


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
