"""Snippets: a short, HTML-escaped piece of a record's text with <mark> around the matches.

The escaping happens here, once, for both backends: a title or text holding "<script>" comes
out as "&lt;script&gt;", and only our own <mark> tags are markup.
"""

import re
from html import escape

SNIPPET_CHARS = 220
MAX_MATCHES = 64  # enough to choose a window; stops the scan early in a very long text
# Every Vietnamese form of a folded letter (lower case; the pattern ignores case).
_VARIANTS = {
    "a": "aàáảãạăằắẳẵặâầấẩẫậ",
    "e": "eèéẻẽẹêềếểễệ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọôồốổỗộơờớởỡợ",
    "u": "uùúủũụưừứửữự",
    "y": "yỳýỷỹỵ",
    "d": "dđ",
}


def highlight(text: str, spans: list[tuple[int, int]]) -> str:
    """Escape ``text`` and wrap each (start, end) character span in <mark>."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos or end <= start:
            continue
        out.append(escape(text[pos:start], quote=False))
        out.append(f"<mark>{escape(text[start:end], quote=False)}</mark>")
        pos = end
    out.append(escape(text[pos:], quote=False))
    return "".join(out)


def lead(text: str, max_chars: int = SNIPPET_CHARS) -> str:
    """The escaped start of ``text`` for a hit that matched elsewhere (title, code)."""
    text = " ".join(text[: max_chars * 2].split())
    if len(text) <= max_chars:
        return escape(text, quote=False)
    cut = text.rfind(" ", 0, max_chars)
    return escape(text[: cut if cut > 0 else max_chars], quote=False) + " …"


def _window(matches: list[tuple[int, int]], max_chars: int) -> tuple[int, int]:
    """The span of at most ``max_chars`` covering the most matches (two pointers)."""
    best, best_count, left = (matches[0][0], matches[0][1]), 0, 0
    for right in range(len(matches)):
        while matches[right][1] - matches[left][0] > max_chars:
            left += 1
        if right - left + 1 > best_count:
            best_count, best = right - left + 1, (matches[left][0], matches[right][1])
    return best


def _syllable_pattern(word: str) -> str:
    """A regex matching ``word`` (folded) with any Vietnamese diacritics: "dien" -> "điển"."""
    return "".join(f"[{_VARIANTS[c]}]" if c in _VARIANTS else re.escape(c) for c in word)


class Highlighter:
    """Finds a query's folded syllables in original text, without folding the text.

    One compiled pattern per search, run by the regex engine over the stored text: a pass of
    Python over every character of every hit would cost more than the search itself.
    """

    def __init__(self, folded_words: set[str], max_chars: int = SNIPPET_CHARS) -> None:
        self.max_chars = max_chars
        words = sorted((w for w in folded_words if w), key=len, reverse=True)
        alternation = "|".join(_syllable_pattern(w) for w in words)
        self.pattern = (
            re.compile(rf"(?<![^\W_])(?:{alternation})(?![^\W_])", re.IGNORECASE) if words else None
        )

    def snippet(self, text: str) -> str:
        """The best window of ``text`` around matches, escaped and highlighted."""
        if not text:
            return ""
        matches = []
        if self.pattern is not None:
            for match in self.pattern.finditer(text):
                matches.append(match.span())
                if len(matches) >= MAX_MATCHES:
                    break
        if not matches:
            return lead(text, self.max_chars)
        max_chars = self.max_chars
        start, end = _window(matches, max_chars)
        slack = max_chars - (end - start)
        if slack > 0:  # show some words before the first match, then fill the window
            start = max(start - slack // 3, 0)
            end = min(start + max_chars, len(text))
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        spans = [(s - start, e - start) for s, e in matches if s >= start and e <= end]
        # Collapse line breaks of extracted text, keeping the spans aligned.
        flat = "".join(" " if c.isspace() else c for c in text[start:end])
        prefix = "… " if start > 0 else ""
        suffix = " …" if end < len(text) else ""
        return prefix + highlight(flat, spans) + suffix


def make_snippet(text: str, folded_words: set[str], max_chars: int = SNIPPET_CHARS) -> str:
    """The best window of ``text`` around syllables whose folded form is wanted, highlighted."""
    return Highlighter(folded_words, max_chars).snippet(text)
