"""The child process that reads files: limits itself, extracts, prints one JSON answer each.

``serve`` is the pool's child (``pool.Child``): one request per line on standard input, one
answer per line, the caps set again for each file. ``main`` reads a single request (by hand:
``python -m intranet.extraction.worker`` with the request as JSON on standard input, and its
output piped, e.g. ``| cat``: the file-size limit of 0 forbids writing to a regular file).
Whatever the file does to a parser here (a crash, a loop, a huge allocation) ends this process
only; the parent reads the answer or the exit status, and starts another child.
"""

import importlib
import json
import math
import os
import resource
import sys
import time
import traceback
from pathlib import Path

from intranet.extraction.parsing import Options, SinkFull, TextSink, clean
from intranet.extraction.result import (
    DAMAGED,
    MEMORY,
    NO_TEXT,
    TRUNCATED,
    ExtractionError,
)

# type code -> (module, function, method); modules are imported only when needed, to start fast.
# The method is what the record says when a reader stops early at the text cap.
READERS = {
    "pdf": ("pdf", "extract_pdf", "pdfium"),
    "docx": ("office", "extract_docx", "docx"),
    "xlsx": ("office", "extract_xlsx", "openpyxl"),
    "xls": ("office", "extract_xls", "xlrd"),
    "odt": ("odf", "extract_odt", "odf"),
    "ods": ("odf", "extract_ods", "odf"),
    "doc": ("legacy", "extract_doc", "catdoc"),
    "txt": ("plain", "extract_txt", "txt"),
}
IMAGES = {"jpeg", "png", "tiff"}
MB = 1024 * 1024


def main() -> None:
    """Read the request from stdin, answer on stdout; exit 0 whenever an answer was written."""
    answer = os.fdopen(os.dup(1), "w", encoding="utf-8")
    # A C library that prints (xlrd, pdfium warnings) must not corrupt the JSON answer.
    os.dup2(2, 1)
    started = time.monotonic()
    request = json.loads(sys.stdin.read(1 << 16))
    limit(request["timeout"], request["memory_mb"])
    result = run(request, started)
    json.dump(result, answer, ensure_ascii=False)
    answer.close()


def serve() -> None:
    """Answer requests, one JSON line each, until standard input closes."""
    answer = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # a C library that prints must not corrupt the answers
    _lower(resource.RLIMIT_FSIZE, 0)  # for the child's whole life, and for what it starts
    _lower(resource.RLIMIT_CORE, 0)
    for line in sys.stdin.buffer:
        started = time.monotonic()
        request = json.loads(line)
        cap(request["timeout"], request["memory_mb"])
        result = run(request, started)
        uncap()  # writing the answer, then waiting for the next request, need no cap
        answer.write(json.dumps(result, ensure_ascii=False) + "\n")  # newlines are escaped
        answer.flush()


def cap(timeout: float, memory_mb: int) -> None:
    """This request's caps on a long-lived child: soft limits, raised again by ``uncap``.

    CPU time counts from the child's start, so the cap is what it has used plus this file's
    share; past it SIGXCPU ends the child (the parent reads a timeout). The hard limits stay,
    so the next file may get a larger cap.
    """
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = math.ceil(used.ru_utime + used.ru_stime + timeout) + 1
    _soft(resource.RLIMIT_CPU, cpu)
    _soft(resource.RLIMIT_AS, memory_mb * MB)


def uncap() -> None:
    for which in (resource.RLIMIT_CPU, resource.RLIMIT_AS):
        _soft(which, resource.getrlimit(which)[1])


def _soft(which: int, soft: int) -> None:
    hard = resource.getrlimit(which)[1]
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(which, (soft, hard))


def limit(timeout: float, memory_mb: int) -> None:
    """Cap this process and the programs it starts: CPU seconds, address space, file writes."""
    cpu = math.ceil(timeout) + 1  # wall clock is the parent's job; this stops a tight loop
    _lower(resource.RLIMIT_CPU, cpu, cpu + 1)
    _lower(resource.RLIMIT_AS, memory_mb * MB)
    # Nothing here writes a file (Tesseract and catdoc print to a pipe), so nothing may.
    _lower(resource.RLIMIT_FSIZE, 0)
    _lower(resource.RLIMIT_CORE, 0)


def _lower(which: int, soft: int, hard: int | None = None) -> None:
    _current_soft, current_hard = resource.getrlimit(which)
    hard = soft if hard is None else hard
    if current_hard != resource.RLIM_INFINITY:
        soft, hard = min(soft, current_hard), min(hard, current_hard)
    resource.setrlimit(which, (soft, hard))


def run(request: dict, started: float) -> dict:
    """Extract the requested file and describe the outcome as a plain dict."""
    options = Options(
        ocr=bool(request["ocr"]),
        max_pages=int(request["max_pages"]),
        max_chars=int(request["max_chars"]),
        deadline=started + float(request["timeout"]),
    )
    type_code = request["type_code"]
    sink = TextSink(options.max_chars)
    method = "ocr" if type_code in IMAGES else READERS[type_code][2]
    truncated = False
    try:
        method = read(Path(request["path"]), type_code, options, sink)
    except SinkFull:
        truncated = True
    except ExtractionError as exc:
        return {"status": exc.status, "method": method, "message": exc.message}
    except MemoryError:
        del sink  # let the partial text go before building the answer
        return {"status": "failed", "method": method, "message": MEMORY}
    except Exception:  # any parser error on a hostile file is "damaged", never a crash
        traceback.print_exc(limit=-3)
        return {"status": "failed", "method": method, "message": DAMAGED}
    text = clean(sink.text(), options.max_chars)
    if not text:
        return {"status": "no_text", "method": method, "message": sink.note or NO_TEXT}
    return {
        "status": "ok",
        "text": text,
        "method": method,
        "message": TRUNCATED if truncated else sink.note,
        "truncated": truncated,
    }


def read(path: Path, type_code: str, options: Options, sink: TextSink) -> str:
    """Run the reader for ``type_code``; return the method name."""
    if type_code in IMAGES:
        from intranet.extraction.ocr import extract_image

        return extract_image(path, type_code, options, sink)
    module_name, function, _method = READERS[type_code]
    module = importlib.import_module(f"intranet.extraction.{module_name}")
    return getattr(module, function)(path, options, sink)


if __name__ == "__main__":
    main()
