"""What every reader shares inside the child process: its options and a capped text sink."""

import datetime as dt
import time
import unicodedata
from dataclasses import dataclass

# C0/C1 controls become spaces (NUL vanishes: PostgreSQL text cannot hold it); a form feed, which
# Tesseract and catdoc put between pages, becomes a line break.
_CONTROLS = {c: " " for c in [*range(0x20), *range(0x7F, 0xA0)] if c not in (0x09, 0x0A)}
_CONTROLS.update({0x00: None, 0x0C: "\n", 0xFFFE: None, 0xFFFF: None})


@dataclass(frozen=True)
class Options:
    """What the parent asked for, as the readers need it."""

    ocr: bool
    max_pages: int
    max_chars: int
    deadline: float  # time.monotonic() by which the whole extraction must end

    def remaining(self) -> float:
        """Seconds left for a helper program; never zero, so it gets a chance to fail cleanly."""
        return max(0.1, self.deadline - time.monotonic())


class SinkFull(Exception):
    """The text reached its cap: the reader stops early and what was kept is returned."""


class TextSink:
    """Collects a reader's text up to ``limit`` characters, plus an optional note for the page."""

    def __init__(self, limit: int) -> None:
        self._parts: list[str] = []
        self._size = 0
        self._limit = limit
        self.note = ""

    def add(self, text: str) -> None:
        """Append one block (a paragraph, a row, a page); raise ``SinkFull`` at the cap."""
        room = self._limit - self._size
        if len(text) + 1 > room:
            self._parts.append(text[:room])
            self._size = self._limit
            raise SinkFull
        self._parts.append(text)
        self._parts.append("\n")
        self._size += len(text) + 1

    def text(self) -> str:
        """Everything collected so far."""
        return "".join(self._parts)


def clean(text: str, limit: int) -> str:
    """NFC, one kind of line break, no control characters or lone surrogates, at most ``limit``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROLS)
    # A reader may hand back unpaired surrogates, which could not be encoded for the parent.
    text = text.encode("utf-8", "replace").decode("utf-8")
    lines = (line.rstrip() for line in unicodedata.normalize("NFC", text).split("\n"))
    return "\n".join(lines).strip()[:limit]


def cell_text(value: object) -> str:
    """A spreadsheet value as a person would read it: 2024 not 2024.0, dates as d/m/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return f"{value.day}/{value.month}/{value.year}"
        return f"{value.day}/{value.month}/{value.year} {value:%H:%M}"
    if isinstance(value, dt.date):
        return f"{value.day}/{value.month}/{value.year}"
    return str(value).strip()
