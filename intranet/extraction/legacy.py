"""Word 97–2003 (DOC) through the ``catdoc`` program, when it is installed."""

import subprocess
from pathlib import Path

from intranet.extraction import tools
from intranet.extraction.parsing import Options, TextSink
from intranet.extraction.result import DAMAGED, NO_CATDOC, TIMEOUT, ExtractionError

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def extract_doc(path: Path, options: Options, sink: TextSink) -> str:
    """``catdoc -d utf-8 -w``: UTF-8 output, no line wrapping (a wrap would split phrases)."""
    with path.open("rb") as f:
        # catdoc prints any non-Word file as plain text: only an OLE2 file may reach it.
        if f.read(8) != _OLE:
            raise ExtractionError("failed", DAMAGED)
    program = tools.catdoc()
    if program is None:
        raise ExtractionError("no_text", NO_CATDOC)
    try:
        done = subprocess.run(  # noqa: S603 (a fixed argv, no shell)
            [program, "-d", "utf-8", "-w", str(path)],
            capture_output=True,
            timeout=options.remaining(),
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ExtractionError("timeout", TIMEOUT) from exc
    if done.returncode != 0:
        raise ExtractionError("failed", DAMAGED)
    sink.add(done.stdout.decode("utf-8", "replace"))
    return "catdoc"
