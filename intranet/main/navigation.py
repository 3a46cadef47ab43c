"""The navigation bar: what each role sees. Entries of areas not installed are left out."""

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l

from intranet.accounts.models import Role


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: str
    roles: tuple[Role, ...] = ()  # empty: every signed-in user


NAV = (
    NavItem("main.home", _l("Trang chủ")),
    NavItem("documents.index", _l("Văn bản")),
    NavItem("exemplars.index", _l("Điển hình tiên tiến")),
    NavItem("exemplars.decision_list", _l("Khen thưởng")),
    NavItem("exemplars.honour_board", _l("Bảng vàng")),
    NavItem("search.page", _l("Tìm kiếm")),
    NavItem("supervision.dashboard_page", _l("Giám sát")),
    NavItem("exemplars.catalogue_list", _l("Danh mục"), (Role.SECRETARIAT,)),
    NavItem("audit.index", _l("Nhật ký"), (Role.INSPECTOR, Role.LEADER, Role.SECRETARIAT)),
    NavItem("admin.index", _l("Quản trị"), (Role.ADMIN,)),
)


def nav_items(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    endpoints = current_app.view_functions
    return [
        item
        for item in NAV
        if item.endpoint in endpoints and (not item.roles or user.has_role(*item.roles))
    ]
