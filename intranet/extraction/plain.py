"""Plain text: UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1258 (Vietnamese)."""

import codecs
from pathlib import Path

from intranet.extraction.parsing import Options, TextSink
from intranet.extraction.result import NOT_TEXT, ExtractionError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def extract_txt(path: Path, options: Options, sink: TextSink) -> str:
    """The file's text, decoded by its BOM, else as UTF-8, else as Windows-1258."""
    budget = options.max_chars * 4 + 4  # enough bytes for the character cap in any encoding
    with path.open("rb") as f:
        data = f.read(budget)
        cut = bool(f.read(1))
    text = decode(data, final=not cut)
    if "\x00" in text:  # a binary file (or UTF-16 without a BOM): not text to index
        raise ExtractionError("failed", NOT_TEXT)
    sink.add(text)
    return "txt"


def decode(data: bytes, *, final: bool = True) -> str:
    """Decode text bytes; ``final=False`` when the bytes were cut, so a split last letter is ok."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], encoding.removesuffix("-sig"), final)
    try:
        return _decode(data, "utf-8", final)
    except UnicodeDecodeError:
        pass
    try:
        # The legacy Vietnamese Windows code page: the one older office PCs saved text in.
        return data.decode("cp1258")
    except UnicodeDecodeError as exc:
        raise ExtractionError("failed", NOT_TEXT) from exc


def _decode(data: bytes, encoding: str, final: bool) -> str:
    try:
        return codecs.getincrementaldecoder(encoding)("strict").decode(data, final=final)
    except UnicodeDecodeError as exc:
        if encoding.startswith("utf-16"):
            raise ExtractionError("failed", NOT_TEXT) from exc
        raise
