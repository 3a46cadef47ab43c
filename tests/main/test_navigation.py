"""The layout: each role sees the navigation of its role; the home page says who you are."""

from html.parser import HTMLParser

import pytest

from tests.conftest import UNITS, USERS

ROLES = ("admin", "secretariat", "leader", "inspector", "unit_head", "staff")


class NavLinks(HTMLParser):
    """The (href, text) of each link in the main navigation bar."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href = None
        self._in_nav = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "ul" and "navbar-nav" in (attrs.get("class") or "").split():
            self._in_nav += 1
        elif tag == "a" and self._in_nav and "nav-link" in (attrs.get("class") or ""):
            self._href = attrs.get("href")
            self.links.append((self._href, ""))

    def handle_endtag(self, tag):
        if tag == "ul" and self._in_nav:
            self._in_nav -= 1
        if tag == "a":
            self._href = None

    def handle_data(self, data):
        if self._href is not None:
            href, text = self.links[-1]
            self.links[-1] = (href, (text + " " + data.strip()).strip())


def nav_links(response) -> dict[str, str]:
    parser = NavLinks()
    parser.feed(response.get_data(as_text=True))
    return {text: href for href, text in parser.links if href != "#"}


def test_admin_sees_the_administration_entry(login_as):
    links = nav_links(login_as("admin").get("/"))
    assert links.get("Quản trị") == "/admin/"
    assert links.get("Trang chủ") == "/"


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
def test_other_roles_do_not_see_the_administration_entry(login_as, role):
    links = nav_links(login_as(role).get("/"))
    assert links.get("Trang chủ") == "/"
    assert "Quản trị" not in links
    assert not any(href.startswith("/admin") for href in links.values())


def test_anonymous_visitor_sees_no_navigation(client):
    assert nav_links(client.get("/login")) == {}


@pytest.mark.parametrize("role", ROLES)
def test_home_page_shows_the_users_name_and_unit(login_as, role):
    username, unit_code, _roles = USERS[role]
    page = login_as(role).get("/").get_data(as_text=True)
    assert f"Xin chào, {username}" in page  # the fixtures' full name is the username
    assert UNITS[unit_code] in page
    assert f"({unit_code})" in page  # the account menu in the navigation bar


def test_home_page_shows_the_users_roles(login_as):
    page = login_as("unit_head").get("/").get_data(as_text=True)
    assert "Trưởng đơn vị" in page and "Cán bộ, viên chức" in page
    assert "Quản trị hệ thống" not in page


@pytest.mark.parametrize("role", sorted(USERS))
def test_the_navigation_offers_exactly_the_pages_the_user_may_open(app, login_as, role):
    """The menu asks each page's own rule: an entry shown opens, an entry left out is refused."""
    from flask import url_for

    from intranet.main.navigation import NAV

    with app.test_request_context():
        paths = {str(item.label): url_for(item.endpoint) for item in NAV}
    client = login_as(role)
    links = nav_links(client.get("/"))
    for label, path in paths.items():
        status = client.get(path, follow_redirects=True).status_code  # /admin/ → its first tab
        if label in links:
            assert links[label] == path and status == 200, (role, label, status)
        else:
            assert status == 403, (role, label, status)
