"""Snippets: a short, HTML-escaped piece of a record's text with <mark> around the matches.

The escaping happens here, once, for both backends: a title or text holding "<script>" comes
out as "&lt;script&gt;", and only our own <mark> tags are markup.
"""

import re
from html import escape

from .analysis import fold
from .query import ParsedQuery

SNIPPET_CHARS = 220
MAX_MATCHES = 16  # enough to choose a window; stops the scan early in a long text
# Every Vietnamese form of a folded letter (lower case: the text is lower-cased first).
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


def _pattern(alternatives: list[str], ignore_case: bool = False) -> re.Pattern | None:
    """The alternatives as whole syllables. The start of a syllable is checked on each match
    (``_find``): a look-behind at every position would cost the regex engine its fast search
    for the first letter, the most of the time spent on a long text."""
    if not alternatives:
        return None
    alternation = "|".join(alternatives)
    return re.compile(rf"(?:{alternation})(?![^\W_])", re.IGNORECASE if ignore_case else 0)


_SPACE_RE = re.compile(r"\s")
_WORD_CHAR_RE = re.compile(r"[^\W_]")


class Highlighter:
    """Finds a query's syllables in original text, without folding the text.

    ``folded_words`` mark in any Vietnamese form ("dien" marks "điển", "diễn"); ``exact_words``
    (an accented query's) mark only as typed, in any case ("tiền" marks "Tiền", never "tiên"
    nor "tiến"). A text with no exact match still shows the window around its folded
    matches, unmarked: it is there because it matched after folding.

    One compiled pattern per search, run by the regex engine over the stored text: a pass of
    Python over every character of every hit would cost more than the search itself.
    """

    def __init__(
        self,
        folded_words: set[str],
        max_chars: int = SNIPPET_CHARS,
        exact_words: set[str] | None = None,
    ) -> None:
        self.max_chars = max_chars
        exact = sorted((w for w in exact_words or () if w), key=len, reverse=True)
        folded = sorted((w for w in folded_words if w), key=len, reverse=True)
        # The text is lower-cased before the search (one pass in C, no case-insensitive
        # matching); a text whose lower case changes its length keeps the original, searched
        # with the case-insensitive twins.
        # Each pattern is compiled when first needed (most texts need only the first).
        wanted = [re.escape(w.lower()) for w in exact] + [_syllable_pattern(w) for w in folded]
        self._alternatives = {
            "wanted": wanted,
            "nearby": [_syllable_pattern(fold(w)) for w in exact],
        }
        self._compiled: dict[tuple[str, bool], re.Pattern | None] = {}

    def _get(self, which: str, ignore_case: bool) -> re.Pattern | None:
        key = (which, ignore_case)
        if key not in self._compiled:
            self._compiled[key] = _pattern(self._alternatives[which], ignore_case)
        return self._compiled[key]

    @classmethod
    def for_query(cls, parsed: ParsedQuery, max_chars: int = SNIPPET_CHARS) -> "Highlighter":
        """Exact marks for an accented query's words and phrases, folded ones otherwise."""
        exact = parsed.exact_words
        if exact is None:
            return cls(parsed.folded_words, max_chars)
        codes = {fold(w) for c in parsed.positive if c.kind == "code" for w in c.words}
        return cls(codes, max_chars, exact_words=exact)

    def snippet(self, text: str) -> str:
        """The best window of ``text`` around matches, escaped and highlighted."""
        if not text:
            return ""
        lower = text.lower()
        ignore_case = len(lower) != len(text)
        searched = text if ignore_case else lower
        matches = self._find(self._get("wanted", ignore_case), searched)
        marked = True
        if not matches:
            matches, marked = self._find(self._get("nearby", ignore_case), searched), False
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
        spans = spans if marked else []
        # Collapse line breaks of extracted text, keeping the spans aligned.
        flat = _SPACE_RE.sub(" ", text[start:end])
        prefix = "… " if start > 0 else ""
        suffix = " …" if end < len(text) else ""
        return prefix + highlight(flat, spans) + suffix

    @staticmethod
    def _find(pattern: re.Pattern | None, text: str) -> list[tuple[int, int]]:
        matches: list[tuple[int, int]] = []
        if pattern is not None:
            for match in pattern.finditer(text):
                start = match.start()
                if start and _WORD_CHAR_RE.match(text, start - 1):
                    continue  # inside a syllable ("an" in "bản")
                matches.append(match.span())
                if len(matches) >= MAX_MATCHES:
                    break
        return matches


def make_snippet(text: str, folded_words: set[str], max_chars: int = SNIPPET_CHARS) -> str:
    """The best window of ``text`` around syllables whose folded form is wanted, highlighted."""
    return Highlighter(folded_words, max_chars).snippet(text)
