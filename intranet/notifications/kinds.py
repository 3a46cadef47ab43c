"""The kinds of notification: what each is called (the e-mail's subject, the choices page), who
may receive it, and whether it is e-mailed when the person has not chosen.

Areas that add steps (the emulation year) declare their kinds here with ``register``.
"""

from dataclasses import dataclass

from intranet.accounts.models import Role
from intranet.extensions import lazy_gettext as _l


@dataclass(frozen=True)
class Kind:
    name: str
    label: object  # a lazy string: said in the reader's language
    # The roles whose holders may get it (the choices page offers it to them); None: anyone.
    roles: tuple[Role, ...] | None = None
    email_default: bool = True
    subject: object = None  # the e-mail's subject; default "Thi đua – khen thưởng: <label>"


KINDS: dict[str, Kind] = {}


def register(*kinds: Kind) -> None:
    for kind in kinds:
        KINDS[kind.name] = kind


def get(name: str) -> Kind:
    return KINDS.get(name) or Kind(name, _l("Thông báo"))


def offered_to(user) -> list[Kind]:
    """The kinds ``user`` may receive, in the order declared (the choices page)."""
    return [k for k in KINDS.values() if k.roles is None or user.has_role(*k.roles)]


_HEADS = (Role.UNIT_HEAD,)
_SECRETARIAT = (Role.SECRETARIAT,)
register(
    Kind("exemplar_submitted", _l("Đề xuất điển hình chờ đơn vị xác nhận"), _HEADS),
    Kind("exemplar_returned", _l("Đề xuất điển hình bị trả lại để bổ sung")),
    Kind("exemplar_endorsed", _l("Đề xuất điển hình đã được đơn vị xác nhận")),
    Kind("exemplar_recognised", _l("Điển hình tiên tiến được công nhận")),
    Kind("exemplar_propagated", _l("Điển hình tiên tiến được đưa lên bảng vàng")),
    Kind("exemplar_withdrawn", _l("Đề xuất điển hình đã được rút"), _HEADS),
    Kind("evidence_reviewed", _l("Minh chứng đã được xem xét")),
    Kind("document_submitted", _l("Văn bản trình ký"), (Role.LEADER,)),
    Kind("document_signed", _l("Văn bản đã ký, chờ ban hành"), _SECRETARIAT),
    Kind("document_returned", _l("Văn bản bị trả lại"), (Role.SECRETARIAT, Role.UNIT_HEAD)),
    Kind("report_submitted", _l("Đơn vị đã nộp báo cáo năm"), _SECRETARIAT),
    Kind("report_returned", _l("Báo cáo năm bị trả lại để sửa"), _HEADS),
    Kind("registration_made", _l("Đăng ký thi đua chờ xác nhận"), _HEADS),
    Kind("registration_confirmed", _l("Đăng ký thi đua đã được xác nhận")),
    Kind("evaluation_recorded", _l("Kết quả đánh giá thi đua của bạn")),
    Kind(
        "report_due",
        _l("Nhắc hạn nộp báo cáo năm"),
        _HEADS,
        subject=_l("Nhắc việc thi đua – khen thưởng"),
    ),
    Kind(
        "report_missing",
        _l("Đơn vị chưa nộp báo cáo năm khi đã quá hạn"),
        _SECRETARIAT,
        subject=_l("Nhắc việc thi đua – khen thưởng"),
    ),
)
