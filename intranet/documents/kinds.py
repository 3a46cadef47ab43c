"""The kinds of administrative documents of Nghị định 30/2020/NĐ-CP, Appendix III."""

from intranet.extensions import lazy_gettext as _l
from intranet.text import fold

# A công văn carries no kind code in its symbol ("7991/BGDĐT-GDTrH"); CV is our own key for it.
CONG_VAN = "CV"

KINDS = {
    "NQ": _l("Nghị quyết"),
    "QĐ": _l("Quyết định"),
    "CT": _l("Chỉ thị"),
    "QC": _l("Quy chế"),
    "QYĐ": _l("Quy định"),
    "TC": _l("Thông cáo"),
    "TB": _l("Thông báo"),
    "HD": _l("Hướng dẫn"),
    "CTr": _l("Chương trình"),
    "KH": _l("Kế hoạch"),
    "PA": _l("Phương án"),
    "ĐA": _l("Đề án"),
    "DA": _l("Dự án"),
    "BC": _l("Báo cáo"),
    "BB": _l("Biên bản"),
    "TTr": _l("Tờ trình"),
    "HĐ": _l("Hợp đồng"),
    "CĐ": _l("Công điện"),
    "BGN": _l("Bản ghi nhớ"),
    "BTT": _l("Bản thỏa thuận"),
    "GUQ": _l("Giấy ủy quyền"),
    "GM": _l("Giấy mời"),
    "GGT": _l("Giấy giới thiệu"),
    "GNP": _l("Giấy nghỉ phép"),
    "PG": _l("Phiếu gửi"),
    "PC": _l("Phiếu chuyển"),
    "PB": _l("Phiếu báo"),
    CONG_VAN: _l("Công văn"),
}

# Folded spelling -> code. "DA" is both Đề án (ĐA) and Dự án (DA): the exact spelling decides,
# and unaccented "DA" means Dự án, whose code has no Đ.
_BY_FOLDED: dict[str, str] = {}
for _code in KINDS:
    _BY_FOLDED.setdefault(fold(_code), _code)
_BY_FOLDED["da"] = "DA"


def lookup(code: str) -> str | None:
    """The canonical kind code for ``code`` as typed ("qd", "QĐ", "Qđ" -> "QĐ"), or None."""
    for known in KINDS:
        if known.upper() == code.upper() and known != CONG_VAN:
            return known
    return _BY_FOLDED.get(fold(code)) if fold(code) != "cv" else None


def label(code: str) -> str:
    return str(KINDS.get(code, code))
