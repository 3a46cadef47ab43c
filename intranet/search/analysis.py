"""Vietnamese text analysis shared by both backends: NFC, syllables, folding and document codes.

Vietnamese writes one syllable per space-separated token, so the index needs no word
segmentation: a multi-syllable word ("điển hình") is matched as a phrase of syllables. Every
syllable is indexed twice, exact ("điển", lower case, NFC) and folded ("dien", no diacritics,
đ → d), so that a query with or without diacritics finds the text and exact matches rank first.
"""

import re
import unicodedata
from itertools import pairwise

# A syllable: a run of letters and digits. The underscore is excluded so that Python agrees with
# Tantivy's simple tokenizer (which splits on anything not alphanumeric).
SYLLABLE_RE = re.compile(r"[^\W_]+")

# Syllables longer than this are noise (base64, hashes) and are dropped by both backends.
MAX_SYLLABLE = 40

# A document number and symbol, as written in Vietnamese administrative papers:
# "36/KH-CĐBP", "Số: 36 /KH-CĐBP", "7991/BGDĐT-GDTrH", "30/2020/NĐ-CP", "113/KH-UBND".
# The symbol part starts with a capital letter so that dates such as "03/4/2023" are not codes.
_CODE_IN_TEXT_RE = re.compile(
    r"(?<![\w/])(\d{1,6}(?:\s*/\s*\d{4})?)\s*/\s*([A-ZĐ][^\W_]*(?:\s?[-–]\s?[^\W_]+)*)"
)
# A code as typed in a query box: alphanumeric parts joined by "/" or "-" ("KH-CĐBP", "36/KH-CDBP").
CODE_TOKEN_RE = re.compile(r"[^\W_]+(?:[/\-–][^\W_]+)+")


class _FoldTable(dict):
    """str.translate table mapping every character to one lower-case, diacritic-free character.

    One character in, one character out, so offsets in the folded text are offsets in the
    original: snippets can be cut from the original text around folded matches.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in "đĐ":
            folded = "d"
        else:
            base = "".join(
                c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
            )
            folded = base.lower() if base else char.lower()
        if len(folded) != 1:  # 'İ'.lower() is two characters: keep the alignment instead
            folded = char
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def nfc(text: str | None) -> str:
    """``text`` in NFC ('' for None): Word, PDF tools and keyboards mix NFC and NFD."""
    if not text:
        return ""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower case without diacritics, đ → d, same length as ``text``: "Điển Hình" → "dien hinh"."""
    return text.translate(_FOLD)


def has_diacritics(word: str) -> bool:
    """True when ``word`` carries a Vietnamese diacritic or đ (after lower-casing)."""
    return fold(word) != word.lower()


def syllables(text: str) -> list[str]:
    """The exact syllables of ``text``: NFC, lower case, diacritics kept, long noise dropped."""
    return [s for s in SYLLABLE_RE.findall(nfc(text).lower()) if len(s) <= MAX_SYLLABLE]


def bigrams(text: str) -> list[str]:
    """Pairs of adjacent exact syllables, "điển_hình": a phrase index that needs no positions.

    Vietnamese words are mostly two syllables, so a quoted phrase becomes a conjunction of
    pair terms, far cheaper than checking positions in every record that has common words.
    Folding is left to the backend's analyzer: this runs once per indexed record, and the
    fewer passes over the text in Python, the faster a reindex.
    """
    return list(map("_".join, pairwise(words_of(text))))


def pair_text(text: str) -> str:
    """``" ".join(bigrams(text))``, built by slicing instead of a join per pair: the pair field
    of every indexed record is made of it, a third of a reindex's Python time before."""
    words = words_of(text)
    pairs = len(words) - 1
    if pairs < 1:
        return ""
    # words[0], "_", words[1], " ", words[1], "_", words[2], " ", … in one list, joined once.
    parts = [" "] * (4 * pairs - 1)
    parts[0::4] = words[:-1]
    parts[1::4] = ["_"] * pairs
    parts[2::4] = words[1:]
    return "".join(parts)


# Punctuation of administrative text, turned into spaces by str.replace (C loops) before split.
_PUNCTUATION = ".,;:/-–()[]\"'“”‘’…!?%*+=<>|#&@"


def words_of(text: str) -> list[str]:
    """``SYLLABLE_RE.findall(text.lower())``, without the regex when it can: a record's body
    is thousands of syllables, and the regex walks them one character at a time in Python's
    engine. Common punctuation becomes spaces, ``split`` cuts the rest; when anything but
    letters and digits remains (one check over the joined words), the regex decides."""
    lower = text.lower()
    spaced = lower
    for mark in _PUNCTUATION:
        if mark in spaced:
            spaced = spaced.replace(mark, " ")
    words = spaced.split()
    if "".join(words).isalnum() or not words:
        return words
    return SYLLABLE_RE.findall(lower)


def normalize_code(code: str) -> str:
    """The folded, space-free form of a document code: "Số: 36 /KH-CĐBP" → "36/kh-cdbp"."""
    found = find_codes(code)
    raw = found[0] if found else nfc(code)
    raw = re.sub(r"\s+", "", raw.replace("–", "-"))
    return fold(raw).strip("/-")


def find_codes(text: str) -> list[str]:
    """The document codes written in ``text``, as written but without inner spaces."""
    codes = []
    for number, symbol in _CODE_IN_TEXT_RE.findall(nfc(text)):
        code = re.sub(r"\s+", "", f"{number}/{symbol}").replace("–", "-")
        if code not in codes:
            codes.append(code)
    return codes


_LEADING_NUMBER_RE = re.compile(r"^(\D*?)0*(\d{1,6})(\s*/)")


def code_forms(code: str) -> list[str]:
    """The ways a document code is written: as given, then with or without the leading zero.

    Nghị định 30/2020 writes numbers below 10 with a zero ("05/KH-KKT"); people and older
    papers often leave it out ("5/KH-KKT"). Both are the same document: the index holds both
    forms of a record's code (intranet/indexing/records.py), so that either typed in the search
    box finds it. "125/QĐ-CĐBP" has one form.
    """
    match = _LEADING_NUMBER_RE.match(code)
    if not match or int(match[2]) == 0:
        return [code]
    head, number, slash = match.groups()
    rest = code[match.end() :]
    forms = [code]
    for written in (str(int(number)), f"{int(number):02d}"):
        form = f"{head}{written}{slash}{rest}"
        if form not in forms:
            forms.append(form)
    return forms


def code_terms(code: str) -> set[str]:
    """The folded whole code and every part a reader might type for it.

    "36/KH-CĐBP" → {"36/kh-cdbp", "36", "kh-cdbp", "kh", "cdbp"}; "30/2020/NĐ-CP" adds
    "30/2020" and "2020/nd-cp". Contiguous runs of parts are kept, single syllables too.
    """
    whole = normalize_code(code)
    if not whole:
        return set()
    terms = {whole}
    slashes = [p for p in whole.split("/") if p]
    for i in range(len(slashes)):
        for j in range(i + 1, len(slashes) + 1):
            terms.add("/".join(slashes[i:j]))
    for part in slashes:
        dashes = [p for p in part.split("-") if p]
        for i in range(len(dashes)):
            for j in range(i + 1, len(dashes) + 1):
                terms.add("-".join(dashes[i:j]))
    return {t for t in terms if t and len(t) <= 4 * MAX_SYLLABLE}
