"""OpenDocument text and spreadsheets (ODT, ODS): a small streaming reader over defusedxml.

The XML is read with ``iterparse`` and each paragraph or table row is dropped once its text is
taken, so a large spreadsheet does not build a whole tree; defusedxml refuses entity tricks.
"""

import zipfile
from pathlib import Path

from defusedxml.ElementTree import iterparse

from intranet.extraction.archive import check_zip
from intranet.extraction.parsing import Options, TextSink
from intranet.extraction.result import DAMAGED, ENCRYPTED, ExtractionError

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_PARAGRAPHS = {_TEXT + "p", _TEXT + "h"}
_CELLS = {_TABLE + "table-cell", _TABLE + "covered-table-cell"}
_ROW = _TABLE + "table-row"
_SHEET = _TABLE + "table"
_HEADERS_FOOTERS = {_STYLE + n for n in ("header", "footer", "header-first", "footer-first")}
_MAX_SPACES = 100  # <text:s text:c="…"/> is a run of spaces; a huge count is not text


def extract_odt(path: Path, options: Options, sink: TextSink) -> str:
    """Paragraphs, headings and table rows of the body, then the page headers and footers."""
    _read(path, sink, spreadsheet=False)
    return "odf"


def extract_ods(path: Path, options: Options, sink: TextSink) -> str:
    """Each sheet's name, then one line per row that has a value, cells joined by tabs."""
    _read(path, sink, spreadsheet=True)
    return "odf"


def _read(path: Path, sink: TextSink, *, spreadsheet: bool) -> None:
    check_zip(path)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if "content.xml" not in names:
            raise ExtractionError("failed", DAMAGED)
        if "META-INF/manifest.xml" in names:
            with archive.open("META-INF/manifest.xml") as manifest:
                # Password-protected ODF keeps its manifest readable and says so there.
                if b"encryption-data" in manifest.read():
                    raise ExtractionError("encrypted", ENCRYPTED)
        with archive.open("content.xml") as content:
            _stream(content, sink, inside=None, sheet_names=spreadsheet)
        if not spreadsheet and "styles.xml" in names:
            with archive.open("styles.xml") as styles:
                _stream(styles, sink, inside=_HEADERS_FOOTERS, sheet_names=False)


def _stream(source, sink: TextSink, inside: set[str] | None, sheet_names: bool) -> None:
    """Emit each paragraph outside tables and each table row; ``inside`` limits to some parts."""
    cells = 0  # open table cells: a paragraph in a cell belongs to its row's line
    wanted = 0  # open elements of ``inside`` (styles.xml: only headers and footers are text)
    for event, element in iterparse(source, events=("start", "end")):
        tag = element.tag
        if event == "start":
            cells += tag in _CELLS
            wanted += inside is not None and tag in inside
            if sheet_names and tag == _SHEET and not cells and element.get(_TABLE + "name"):
                sink.add(element.get(_TABLE + "name"))
            continue
        if tag in _CELLS:
            cells -= 1
        elif inside is not None and tag in inside:
            wanted -= 1
        elif inside is not None and not wanted:
            continue
        elif tag in _PARAGRAPHS and not cells:
            sink.add(_inline(element))
            element.clear()
        elif tag == _ROW and not cells:
            line = "\t".join(filter(None, (_cell(c) for c in element if c.tag in _CELLS)))
            if line:
                sink.add(line)
            element.clear()


def _cell(cell) -> str:
    return " ".join(_inline(p) for p in cell.iter() if p.tag in _PARAGRAPHS).strip()


def _inline(element) -> str:
    """A paragraph's text with ODF's spaces, tabs and line breaks, spans and links included."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == _TEXT + "s":
            count = child.get(_TEXT + "c", "1")
            parts.append(" " * min(int(count) if count.isdigit() else 1, _MAX_SPACES))
        elif child.tag == _TEXT + "tab":
            parts.append("\t")
        elif child.tag == _TEXT + "line-break":
            parts.append("\n")
        elif child.tag not in _PARAGRAPHS:  # a note's paragraphs are emitted on their own
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)
