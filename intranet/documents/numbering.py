"""Số và ký hiệu: "36/KH-CĐBP" parsed into number, kind code and issuer code."""

import re
from dataclasses import dataclass

from intranet.documents import kinds
from intranet.documents.errors import DocumentError
from intranet.extensions import gettext as _
from intranet.text import fold, nfc

_PREFIX = re.compile(r"^\s*(số|so)\s*[:.]?\s*", re.IGNORECASE)
_SYMBOL = re.compile(r"^(?P<number>\d{1,6})\s*/\s*(?P<symbol>\S(?:.*\S)?)$")
_PART = re.compile(r"^[^\W_](?:[\w.]*[^\W_])?$")


class NumberError(DocumentError):
    """The number and symbol cannot be read; the message says what is wrong."""


@dataclass(frozen=True)
class Symbol:
    number: int
    kind: str  # a code of kinds.KINDS; kinds.CONG_VAN when the symbol has no kind code
    issuer: str  # "CĐBP", "UBND", "BGDĐT-GDTrH"

    def __str__(self) -> str:
        if self.kind == kinds.CONG_VAN:
            return f"{format_number(self.number)}/{self.issuer}"
        return f"{format_number(self.number)}/{self.kind}-{self.issuer}"

    @property
    def folded(self) -> str:
        """The comparison form: "36/KH-CĐBP" and "36/kh-cdbp" are the same document."""
        return fold(str(self))


def format_number(number: int) -> str:
    """The number as the decree writes it: "05" below 10, "10", "125" as they are.

    Nghị định 30/2020 (Phụ lục I): numbers run from 01 each calendar year, with the leading zero
    below 10. The one place a number becomes text: symbols, pages, exports and the index.
    """
    return f"{number:02d}"


def folded_key(text: str) -> str | None:
    """The comparison form of a number and symbol typed anywhere ("5/KH-KKT", "Số: 05/kh-kkt"),
    or None when ``text`` is not one: both ways of writing the number give the same key."""
    try:
        return parse(text).folded
    except NumberError:
        return None


def parse(text: str, kind_hint: str | None = None) -> Symbol:
    """Read "Số: 36/KH-CĐBP", "36 /KH-CĐBP", "7991/BGDĐT-GDTrH" (a công văn).

    ``kind_hint`` is the kind chosen on the form: when it is a công văn, the part after "/"
    is all issuer even if it begins like a kind code.
    """
    raw = _PREFIX.sub("", nfc(text))
    if not raw:
        raise NumberError(_("Hãy nhập số và ký hiệu, ví dụ: 36/KH-CĐBP."))
    match = _SYMBOL.match(raw)
    if not match:
        raise NumberError(
            _(
                "Số và ký hiệu phải có dạng số/ký hiệu, ví dụ: 36/KH-CĐBP "
                "(công văn: 125/CĐBP-HCTC). Bạn đã nhập: %(raw)s",
                raw=raw,
            )
        )
    number = int(match["number"])
    if number == 0:
        raise NumberError(_("Số văn bản phải lớn hơn 0."))
    parts = [p.strip() for p in match["symbol"].split("-")]
    if any(not _PART.match(p) for p in parts):
        raise NumberError(
            _(
                "Ký hiệu chỉ gồm chữ và số, nối với nhau bằng dấu gạch ngang: %(s)s",
                s=match["symbol"],
            )
        )
    kind = None if kind_hint == kinds.CONG_VAN else kinds.lookup(parts[0])
    if kind and len(parts) == 1:
        raise NumberError(
            _("Thiếu cơ quan ban hành sau loại văn bản, ví dụ: %(n)d/%(k)s-CĐBP.", n=number, k=kind)
        )
    if kind and kind_hint and kind != kind_hint:
        raise NumberError(
            _(
                "Ký hiệu %(code)s là loại %(found)s, nhưng bạn chọn loại %(chosen)s.",
                code=kind,
                found=kinds.label(kind),
                chosen=kinds.label(kind_hint),
            )
        )
    if kind:
        return Symbol(number, kind, "-".join(_upper(p) for p in parts[1:]))
    if kind_hint not in (None, kinds.CONG_VAN):
        raise NumberError(
            _(
                "Ký hiệu %(code)s không phải loại văn bản theo Nghị định 30/2020 "
                "(ví dụ: KH, QĐ, BC, TB, TTr, BB, HD, CTr). Văn bản loại %(kind)s cần ký hiệu "
                "dạng số/%(hint)s-cơ quan, ví dụ: 36/%(hint)s-CĐBP.",
                code=parts[0],
                kind=kinds.label(kind_hint),
                hint=kind_hint,
            )
        )
    return Symbol(number, kinds.CONG_VAN, "-".join(_upper(p) for p in parts))


def _upper(part: str) -> str:
    # Keep mixed-case abbreviations ("GDTrH", "TTr") as written; upper-case all-lower input.
    return part.upper() if part == part.lower() else part
