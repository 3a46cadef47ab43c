"""The date boxes in an English-language Chromium (see support.CHROMIUM_ARGS): a text box that
shows and takes dd/mm/yyyy, and beside it a calendar in the app's language, not the browser's:
Vietnamese month and day names while the pages are Vietnamese, English ones after the person
switches the pages to English; the day picked (by mouse or keyboard) is written as dd/mm/yyyy.
Screenshots: artifacts/screenshots/date-picker-*.png."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import support

pytestmark = pytest.mark.browser

ENGLISH_MONTHS = ["January", "February", "March", "April", "May", "June"]
ENGLISH_MONTHS += ["July", "August", "September", "October", "November", "December"]
VIETNAMESE_DAYS = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"]
ENGLISH_DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]


def open_calendar(page, button_name: str):
    page.get_by_role("button", name=button_name).click()
    calendar = page.locator(".flatpickr-calendar.open")
    expect(calendar).to_be_visible()
    # flatpickr fades the calendar in (300 ms): axe measured the contrast of half-faded days.
    page.wait_for_function(
        "() => document.querySelector('.flatpickr-calendar.open').getAnimations().length === 0"
    )
    return calendar


def weekdays(calendar) -> list[str]:
    return [d.strip() for d in calendar.locator(".flatpickr-weekday").all_inner_texts()]


def day(calendar, number: int):
    return calendar.locator(
        ".flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)", has_text=re.compile(f"^{number}$")
    )


def test_the_calendar_follows_the_apps_language_and_fills_dd_mm_yyyy(sign_in, screenshots):
    session = sign_in("thuongtruc")
    page = session.page
    assert page.evaluate("navigator.language") == "en-US"  # the browser's own language
    try:
        session.goto("/documents/new")
        box = page.get_by_label("Ngày ban hành")
        expect(box).to_have_attribute("type", "text")
        expect(box).to_have_value(support.TODAY_TYPED)  # the server's day, day first

        # Vietnamese: "Tháng 6" and T2 … CN (Monday first); the keyboard starts on the box's day.
        calendar = open_calendar(page, "Chọn trên lịch")
        expect(calendar).to_have_attribute("role", "dialog")
        expect(calendar).to_have_attribute("aria-label", "Chọn trên lịch")
        expect(calendar.locator(".cur-month")).to_have_text("Tháng 6")
        expect(calendar.locator(".cur-year")).to_have_value("2025")
        assert weekdays(calendar) == VIETNAMESE_DAYS
        assert not any(m in calendar.inner_text() for m in ENGLISH_MONTHS)
        expect(day(calendar, 15)).to_be_focused()
        page.screenshot(path=screenshots / "date-picker-vi.png")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")
        expect(calendar).to_be_hidden()
        expect(box).to_have_value("16/06/2025")
        expect(box).to_be_focused()
        # With the mouse, the 5th: 05/06/2025 (never read as 6 May).
        day(open_calendar(page, "Chọn trên lịch"), 5).click()
        expect(box).to_have_value("05/06/2025")
        # Escape closes it and leaves what was typed, even a day that does not exist.
        box.fill("31/02/2025")
        open_calendar(page, "Chọn trên lịch")
        page.keyboard.press("Escape")
        expect(page.locator(".flatpickr-calendar.open")).to_have_count(0)
        expect(box).to_have_value("31/02/2025")
        expect(box).to_be_focused()

        # English pages: an English calendar, the same dd/mm/yyyy box.
        session.set_language("en")
        session.goto("/documents/new")
        box = page.get_by_label("Date issued")
        expect(box).to_have_value(support.TODAY_TYPED)
        calendar = open_calendar(page, "Pick on the calendar")
        expect(calendar.locator(".cur-month")).to_have_text("June")
        assert weekdays(calendar) == ENGLISH_DAYS
        assert "Tháng" not in calendar.inner_text()
        page.screenshot(path=screenshots / "date-picker-en.png")
        day(calendar, 5).click()
        expect(box).to_have_value("05/06/2025")
    finally:
        session.set_language("vi")  # the choice is kept on the user: the journeys read Vietnamese
    assert not session.errors, session.errors


def test_the_open_calendar_passes_axe(sign_in):
    """axe-core on the document form with the calendar open (a context that lets the test inject
    it past the CSP; the app is unchanged)."""
    checker = sign_in("thuongtruc", bypass_csp=True)
    found = []
    for viewport in (support.DESKTOP, support.PHONE):
        checker.page.set_viewport_size(viewport)
        page = checker.goto("/documents/new")
        open_calendar(page, "Chọn trên lịch")
        page.add_script_tag(path=str(support.VENDOR / "axe.min.js"))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
        found += [
            f"{viewport['width']}: {v['id']}: {[n['target'] for n in v['nodes']][:5]}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
    assert not found, found
