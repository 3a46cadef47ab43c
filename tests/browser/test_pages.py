"""Every main page with the demo data: screenshots in Vietnamese and English at desktop and phone
widths (artifacts/screenshots/, kept by CI), no sideways scrolling, and axe-core finding nothing
"serious" or "critical".

Runs after test_journeys.py (file order), so the pages also show what the journeys added.
"""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser import support

pytestmark = pytest.mark.browser

AXE = support.VENDOR / "axe.min.js"
VIEWPORTS = {"desktop": support.DESKTOP, "phone": support.PHONE}
LOCALES = ("vi", "en")


def _link(list_path: str, name: str, heading: str = "strong"):
    """The page a list links to, found by the exact text of the link's heading (ids differ from
    run to run)."""

    def find(page) -> str | None:
        page.goto(list_path)
        for link in page.locator("main a.list-group-item").all():
            if link.locator(heading).first.inner_text().strip() == name:
                return link.get_attribute("href")
        return None

    return find


# name: (who looks at it, where)
PAGES = {
    "home": ("thuongtruc", "/"),
    "documents": ("thuongtruc", "/documents/"),
    "plan-36": ("thuongtruc", _link("/documents/?kind=KH", "Kế hoạch 36/KH-CĐBP")),
    "exemplar": ("thuongtruc", _link("/exemplars/?queue=all&year=2025", "Trần Hoàng Nam")),
    "honour-board": ("canbo", "/exemplars/honour-board"),
    "search": ("kiemtra", "/search/?q=dien+hinh+tien+tien"),
    "dashboard": ("thuongtruc", "/supervision/"),
    "reports": ("thuongtruc", "/supervision/reports?year=2024"),
    "admin-users": ("quantri", "/admin/users"),
}
# The demo's own nomination with evidence, when the journeys did not leave theirs.
FALLBACK = {"exemplar": _link("/exemplars/?queue=all", "Ngô Thị Kim Liên")}


@pytest.fixture(scope="module")
def sessions(sign_in):
    opened = {}

    def get(username: str, **options):
        key = (username, tuple(sorted(options)))
        if key not in opened:
            opened[key] = sign_in(username, **options)
        return opened[key]

    return get


def _resolve(session, name: str) -> str:
    where = PAGES[name][1]
    if isinstance(where, str):
        return where
    path = where(session.page)
    if not path and name in FALLBACK:
        path = FALLBACK[name](session.page)
    assert path, f"cannot find the page {name}"
    return path


def _overflow(page) -> int:
    """How far the page scrolls sideways (0: it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("name", PAGES)
def test_screenshots_in_both_languages_and_widths(name, sessions, screenshots):
    session = sessions(PAGES[name][0])
    path = _resolve(session, name)
    page = session.page
    problems = []
    try:
        for locale in LOCALES:
            session.goto(path)
            session.set_language(locale)
            for width, viewport in VIEWPORTS.items():
                page.set_viewport_size(viewport)
                session.goto(path)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=screenshots / f"{name}-{locale}-{width}.png", full_page=True)
                if (extra := _overflow(page)) > 0:
                    problems.append(f"{locale} {width}: scrolls sideways by {extra}px")
            if name == "plan-36":  # the paper copy stays Vietnamese in every language
                paper = page.locator("article.paper")
                expect(paper).to_contain_text(re.compile("kế hoạch", re.IGNORECASE))
                expect(paper).to_contain_text("ngày 21 tháng 4 năm 2023")
                expect(paper).to_contain_text("Nơi nhận")
    finally:
        page.set_viewport_size(support.DESKTOP)
        session.set_language("vi")
    assert not problems, f"{name} ({path}): {problems}"
    assert not session.errors, session.errors


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations(name, sessions):
    # A context of its own that lets the test inject axe-core past the CSP; the app is unchanged.
    session = sessions(PAGES[name][0], bypass_csp=True)
    path = _resolve(session, name)
    page = session.page
    found = []
    for width, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        session.goto(path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
        for violation in result:
            if violation["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in violation["nodes"]][:5]
                found.append(f"{width}: {violation['id']} ({violation['impact']}): {targets}")
    page.set_viewport_size(support.DESKTOP)
    assert not found, f"{name} ({path}):\n" + json.dumps(found, ensure_ascii=False, indent=1)


def test_the_keyboard_skips_to_the_content_and_opens_the_phone_menu(sessions):
    session = sessions("canbo")
    page = session.page
    page.set_viewport_size(support.PHONE)
    try:
        session.goto("/")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        assert focused == "Bỏ qua, tới nội dung chính"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "noi-dung"

        session.goto("/")
        page.keyboard.press("Tab")  # the skip link
        page.keyboard.press("Tab")  # the brand
        page.keyboard.press("Tab")  # the menu button
        toggler = page.locator(".navbar-toggler")
        assert page.evaluate("document.activeElement.classList.contains('navbar-toggler')")
        page.keyboard.press("Enter")
        expect(toggler).to_have_attribute("aria-expanded", "true")
        page.keyboard.press("Tab")
        first = page.locator("#nav-main .nav-link").first
        expect(first).to_be_focused()
        expect(first).to_be_visible()
    finally:
        page.set_viewport_size(support.DESKTOP)
