"""Vietnamese text helpers shared by every area: one place for NFC and folding."""

import unicodedata

_FOLD = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(value: str | None) -> str:
    """The NFC form of ``value`` with surrounding white space removed ('' for None)."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", value).strip()


def fold(value: str) -> str:
    """Lower case without diacritics: "Điển Hình" -> "dien hinh"."""
    decomposed = unicodedata.normalize("NFD", value.translate(_FOLD))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).lower()
