"""A tolerant parser for the search box: terms, "phrases", -exclusions and document codes.

Any input gives a :class:`ParsedQuery`; nothing raises. The backends never see the user's
text, only these clauses, from which they build their queries programmatically: Lucene or
Tantivy syntax typed in the box (``AND * ? ~ ^ : ( )``) is treated as punctuation.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from .analysis import CODE_TOKEN_RE, fold, has_diacritics, nfc, normalize_code, syllables

MAX_QUERY_CHARS = 500  # longer input is cut: no one types more, and it bounds the query's cost
MAX_CLAUSES = 24
MAX_PHRASE_WORDS = 24

# Typographic quotes that Word and Vietnamese keyboards produce, read as plain quotes.
_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»″＂"})
# Query-language syntax of other engines: read as spaces, never as operators.
_SYNTAX_RE = re.compile(r"[()\[\]{}*?~^:\\!+<>=&|,;\"'`]")
# "36 /KH-CĐBP" as printed on the paper ("Số: 36 /KH-CĐBP"): join the number to its symbol.
_SPACED_CODE_RE = re.compile(r"(\d)\s*/\s*(?=[^\W\d_])")
# "Số: 36/KH-CĐBP": the label printed before a number is not a word to look for (typed with its
# Ố it would otherwise make the query accented and rank records that say "số" first).
_NUMBER_LABEL_RE = re.compile(r"(?<![^\W_])(?:số|so)\s*:\s*(?=\d)", re.IGNORECASE)
_SEGMENT_RE = re.compile(r'(-*)"([^"]*)"?|(\S+)')
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})
_IGNORED_WORDS = {"AND", "OR", "&&", "||"}  # operators of other engines; terms are ANDed anyway


@dataclass(frozen=True)
class Clause:
    """One part of a query: a term, a phrase or a document code, maybe excluded.

    ``words`` are exact syllables (lower case, NFC); ``code`` is the folded whole code for a
    code clause ("36/kh-cdbp").
    """

    kind: str  # "term", "phrase" or "code"
    words: tuple[str, ...]
    negated: bool = False
    code: str | None = None

    @property
    def accented(self) -> bool:
        """True when the user typed a diacritic in this clause."""
        return any(has_diacritics(w) for w in self.words)


@dataclass
class ParsedQuery:
    """The clauses of a query, and whether the input had to be shortened."""

    clauses: list[Clause] = field(default_factory=list)
    shortened: bool = False

    @property
    def positive(self) -> list[Clause]:
        """Clauses a result must match."""
        return [c for c in self.clauses if not c.negated]

    @property
    def negative(self) -> list[Clause]:
        """Clauses a result must not match."""
        return [c for c in self.clauses if c.negated]

    @property
    def empty(self) -> bool:
        """True when nothing searchable was typed."""
        return not self.clauses

    @property
    def accented(self) -> bool:
        """True when any wanted clause was typed with diacritics.

        Then the whole query is read as typed with care: records with every word exactly,
        even one without marks such as "thi" in "thi đua", rank above folded ones (a tier).
        A code ("36/KH-CĐBP") is an identity, not a word typed with care: its Đ does not make
        the rest of the query exact.
        """
        return any(c.accented for c in self.positive if c.kind != "code")

    @property
    def exact_clauses(self) -> list["Clause"]:
        """The wanted word and phrase clauses whose syllables must match exactly for the top
        tier (when the query is accented); codes match by their folded form."""
        return [c for c in self.positive if c.kind != "code"] if self.accented else []

    @property
    def folded_words(self) -> set[str]:
        """Folded syllables of the wanted clauses, for highlighting."""
        return {fold(w) for c in self.positive for w in c.words}

    @property
    def whole_title(self) -> str | None:
        """The folded words typed, in order, when they are only words and phrases (no code):
        compared with a record's whole title (``base.title_key``)."""
        wanted = self.positive
        if not wanted or any(c.kind == "code" for c in wanted):
            return None
        return fold(" ".join(w for c in wanted for w in c.words))[:200]

    @property
    def exact_words(self) -> set[str] | None:
        """The syllables to highlight exactly when the query is accented, else None (folded).

        "tiền" marks "tiền" and "Tiền", never "tiên" or "tiến"; the syllables of a code still
        mark in any form ("CĐBP" and "CDBP").
        """
        if not self.accented:
            return None
        return {w for c in self.exact_clauses for w in c.words}


def _clean(text: object) -> tuple[str, bool]:
    """NFC text with control characters as spaces, cut to MAX_QUERY_CHARS."""
    text = nfc(text if isinstance(text, str) else str(text or ""))
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    shortened = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS].translate(_QUOTES).translate(_DASHES)
    text = _NUMBER_LABEL_RE.sub(" ", text)
    return _SPACED_CODE_RE.sub(r"\1/", text), shortened


def _words_clause(words: list[str], negated: bool) -> Clause | None:
    words = words[:MAX_PHRASE_WORDS]
    if not words:
        return None
    return Clause("term" if len(words) == 1 else "phrase", tuple(words), negated)


def _chunk_clauses(chunk: str, negated: bool) -> list[Clause]:
    """Clauses for one unquoted chunk: a code, a term, or syllables joined by punctuation."""
    chunk = chunk.strip("-/.")
    if CODE_TOKEN_RE.fullmatch(chunk):
        code = normalize_code(chunk)
        words = syllables(chunk)
        if code and len(words) > 1:
            return [Clause("code", tuple(words[:MAX_PHRASE_WORDS]), negated, code)]
    # Syntax characters separate words; other punctuation ("e-mail", "v.v") joins a phrase.
    clauses = []
    for part in _SYNTAX_RE.sub(" ", chunk).split():
        clause = _words_clause(syllables(part), negated)
        if clause:
            clauses.append(clause)
    return clauses


def parse(text: object) -> ParsedQuery:
    """Parse the search box's text. Never raises; an unusable input gives an empty query."""
    text, shortened = _clean(text)
    clauses: list[Clause] = []
    negate_next = False
    for match in _SEGMENT_RE.finditer(text):
        dashes, quoted, bare = match.groups()
        if bare is not None:
            if bare in _IGNORED_WORDS:
                continue
            if bare == "NOT":
                negate_next = True
                continue
            negated = negate_next or bare.startswith("-")
            found = _chunk_clauses(bare.lstrip("-"), negated)
        else:
            negated = negate_next or bool(dashes)
            words = syllables(quoted)
            code_text = quoted.strip()
            if CODE_TOKEN_RE.fullmatch(code_text) and len(words) > 1:
                found = _chunk_clauses(code_text, negated)
            else:
                clause = _words_clause(words, negated)
                found = [clause] if clause else []
        negate_next = False
        for clause in found:
            if clause not in clauses:
                clauses.append(clause)
    if len(clauses) > MAX_CLAUSES:
        clauses, shortened = clauses[:MAX_CLAUSES], True
    return ParsedQuery(clauses, shortened)
