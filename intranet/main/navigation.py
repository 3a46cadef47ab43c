"""The navigation bar: each entry asks the rule of the page it opens, the same the page applies.

Entries of areas not installed are left out.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app

from intranet.accounts.permissions import may_manage_accounts, may_see_history, publishes
from intranet.extensions import lazy_gettext as _l


def signed_in(user) -> bool:
    return user.is_authenticated


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: str
    # The page's own rule: who may open it (signed_in: every signed-in user).
    allowed: Callable[..., bool] = signed_in


NAV = (
    NavItem("main.home", _l("Trang chủ")),
    NavItem("documents.index", _l("Văn bản")),
    NavItem("exemplars.index", _l("Điển hình tiên tiến")),
    NavItem("exemplars.decision_list", _l("Khen thưởng")),
    NavItem("exemplars.honour_board", _l("Bảng vàng")),
    NavItem("emulation.index", _l("Thi đua")),
    NavItem("council.index", _l("Hội đồng")),  # its public notices: for all staff
    NavItem("search.page", _l("Tìm kiếm")),
    NavItem("supervision.dashboard_page", _l("Giám sát")),
    NavItem("exemplars.catalogue_list", _l("Danh mục"), publishes),
    NavItem("audit.index", _l("Nhật ký"), may_see_history),
    NavItem("admin.index", _l("Quản trị"), may_manage_accounts),
)


def nav_items(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    endpoints = current_app.view_functions
    return [item for item in NAV if item.endpoint in endpoints and item.allowed(user)]
