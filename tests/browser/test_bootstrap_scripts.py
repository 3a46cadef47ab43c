"""Bootstrap's scripts as the subset build carries them (alert, collapse, dropdown: `make css`),
at work in Chromium: the user's menu opens, is read with the keyboard and closes with Escape;
signing out from it shows a message that its close button removes; no script error on the way.
(The phone's menu button, collapse, is the keyboard test's in test_pages.py.)"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_users_menu_opens_closes_and_signs_out_and_the_message_closes(sign_in):
    session = sign_in("canbo")
    page = session.page
    session.goto("/")
    toggle = page.locator(".navbar .dropdown-toggle")
    menu = page.locator(".navbar .dropdown-menu")
    expect(menu).to_be_hidden()

    toggle.click()
    expect(menu).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    expect(menu.locator(".dropdown-item").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(menu).to_be_visible()
    page.locator("main").click(position={"x": 5, "y": 5})
    expect(menu).to_be_hidden()

    toggle.click()
    menu.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r"/login"))
    message = page.get_by_role("alert").filter(has_text="Bạn đã đăng xuất.")
    expect(message).to_be_visible()
    message.get_by_role("button", name="Đóng").click()
    expect(message).to_have_count(0)
    assert session.errors == []
