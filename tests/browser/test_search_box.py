"""The header's search box, as an inspector uses it in Chromium: suggestions as one types (chosen
with the keyboard), then the search page's filter fields, facets by name and numbered pages.
Screenshots in Vietnamese and English, at desktop (1366) and phone (390) widths:
artifacts/screenshots/search-*.png."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser import support

pytestmark = pytest.mark.browser

PERSON = "Phạm Quốc Dũng"  # a nomination of the demo
TYPED = "Phạm Quốc Dũ"  # as typed so far: the last word unfinished
BROAD = "dien hinh"  # typed without diacritics; more than one page of results
UNIT = {"vi": "Khoa Công nghệ thông tin", "en": "Khoa Công nghệ thông tin"}


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _suggest(page, text: str):
    box = page.locator("#header-q")
    if not box.is_visible():  # a phone: the box is in the menu
        page.locator(".navbar-toggler").click()
        expect(box).to_be_visible()
    listbox = page.get_by_role("listbox")
    # The worker indexes the demo in the background: a few seconds after the start at most.
    deadline = time.monotonic() + 60
    while True:
        box.fill("")
        box.press_sequentially(text, delay=40)
        try:
            expect(listbox).to_be_visible(timeout=3000)
            break
        except AssertionError:
            if time.monotonic() > deadline:
                raise
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    return box, listbox


@pytest.mark.parametrize("locale", ["vi", "en"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_header_search_suggests_then_filters_and_numbered_pages(
    sign_in, screenshots, locale, width
):
    viewport = support.DESKTOP if width == "desktop" else support.PHONE
    inspector = sign_in("kiemtra", viewport=viewport)
    page = inspector.page
    inspector.goto("/")
    inspector.set_language(locale)
    name = f"{locale}-{width}"

    # Suggestions as one types, from the index: a person's name before it is finished.
    box, listbox = _suggest(page, TYPED)
    option = listbox.get_by_role("option").filter(has_text=PERSON).first
    expect(option).to_be_visible()
    page.screenshot(path=screenshots / f"search-1-suggestions-{name}.png", full_page=False)
    # The keyboard: ↓ to the first suggestion, Enter opens it.
    box.press("ArrowDown")
    first = listbox.get_by_role("option").first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    names = [o.inner_text() for o in listbox.get_by_role("option").all()]
    assert any(PERSON in n for n in names), names
    index = next(i for i, n in enumerate(names) if PERSON in n)
    for _ in range(index):
        box.press("ArrowDown")
    with page.expect_navigation():
        box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(PERSON)

    # Escape closes; Enter with no suggestion chosen searches (the plain form).
    box, listbox = _suggest(page, BROAD)
    box.press("Escape")
    expect(listbox).to_be_hidden()
    with page.expect_navigation():
        box.press("Enter")
    assert re.search(r"/search/\?q=dien\+hinh", page.url), page.url
    results = page.locator("main article")
    expect(results.first).to_be_visible()

    # Numbered pages: page 2 is a link, then the current one.
    pages = page.get_by_role("navigation", name=re.compile("Trang|Page"))
    pages.get_by_role("link", name="2", exact=True).click()
    expect(pages.locator('[aria-current="page"]')).to_have_text("2")

    # Filter fields keep their values; facets and results name units.
    page.locator("#s-unit").select_option(label=UNIT[locale])
    page.locator("#s-sort").select_option("date")
    with page.expect_navigation():
        page.locator("main form[role=search] button[type=submit]").last.click()
    expect(page.locator("#s-unit")).to_have_value("KCNTT")
    expect(page.locator("#s-sort")).to_have_value("date")
    expect(page.locator("#bo-loc")).to_contain_text(UNIT[locale])
    expect(page.locator("#bo-loc")).not_to_contain_text("KCNTT")
    page.screenshot(path=screenshots / f"search-2-filters-{name}.png", full_page=True)
    assert _overflow(page) <= 0, f"{name}: scrolls sideways"

    # Back to all units, page 2, then a page past the end.
    inspector.goto(f"/search/?q={BROAD.replace(' ', '+')}&page=2")
    page.screenshot(path=screenshots / f"search-3-pages-{name}.png", full_page=True)
    inspector.goto(f"/search/?q={BROAD.replace(' ', '+')}&page=999")
    expect(page.locator("main")).to_contain_text("999")
    expect(page.locator("main article")).to_have_count(0)
    # A wrong filter is said, not ignored.
    inspector.goto(f"/search/?q={BROAD.replace(' ', '+')}&unit=XYZ")
    expect(page.locator("#s-errors")).to_be_visible()
    expect(page.locator("#s-unit")).to_have_attribute("aria-invalid", "true")
    page.screenshot(path=screenshots / f"search-4-wrong-filter-{name}.png", full_page=True)
    inspector.set_language("vi")
    assert not inspector.errors, inspector.errors
