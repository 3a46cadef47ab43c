"""Browser fixtures: the app served on 127.0.0.1 and Debian's Chromium driven by Playwright.

Run them with `make test-browser` (one process: the journeys build on each other). The server,
its worker and the browser live as long as this package's tests, not the whole session. They skip,
saying why, where /usr/bin/chromium or the playwright package is missing; under CI (CI=true) they
fail instead, so that a green run always means the journeys ran.
"""

import os
import re
from pathlib import Path

import pytest

from tests.browser import support

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _unavailable() -> str | None:
    if not support.CHROMIUM.exists():
        return f"{support.CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="package")
def server(tmp_path_factory):
    if os.environ.get("PYTEST_XDIST_WORKER"):
        pytest.skip("browser tests run in one process, in order: make test-browser")
    reason = _unavailable()
    if reason:
        if CI:
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(f"browser tests skipped: {reason}")
    app = support.Server(tmp_path_factory.mktemp("browser-app")).start()
    yield app
    app.stop()


@pytest.fixture(scope="package")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(**support.launch_options())
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshots():
    support.reset_screenshots()
    return support.SCREENSHOTS


class Session:
    """One person signed in, in a browser context of their own (their cookies, their viewport)."""

    def __init__(self, browser, server, username: str, viewport=None, **context_options):
        self.server = server
        self.username = username
        # An English-language browser in Việt Nam's time zone: the pages are Vietnamese by the
        # app's choice and their date boxes take dd/mm/yyyy whatever the browser's language.
        options = {"locale": "en-US", "timezone_id": "Asia/Ho_Chi_Minh", **context_options}
        self.context = browser.new_context(
            base_url=server.url,
            viewport=viewport or support.DESKTOP,
            accept_downloads=True,
            **options,
        )
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console",
            lambda message: (
                self.errors.append(message.text)
                if message.type == "error" and "Content Security Policy" in message.text
                else None
            ),
        )
        self.sign_in()

    def sign_in(self) -> None:
        page = self.page
        page.goto("/login")
        page.locator("#username").fill(self.username)
        page.locator("#password").fill(self.server.accounts[self.username])
        page.get_by_role("button", name=re.compile("Đăng nhập|Sign in")).click()
        page.wait_for_url(re.compile(r"/$|/\?"))

    def goto(self, path: str):
        response = self.page.goto(path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        return self.page

    def set_language(self, locale: str) -> None:
        """The footer's switch, as a person uses it (kept in the profile)."""
        page = self.page
        if page.locator("html").get_attribute("lang") == locale:
            return
        with page.expect_navigation():
            page.locator(f'footer button[name="locale"][value="{locale}"]').click()
        assert page.locator("html").get_attribute("lang") == locale

    def accept_next_dialog(self) -> list[str]:
        """Confirm the next data-confirm question; returns the list its text is put in."""
        asked: list[str] = []

        def answer(dialog):
            asked.append(dialog.message)
            dialog.accept()

        self.page.once("dialog", answer)
        return asked

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="package")
def sign_in(browser, server):
    """sign_in("canbo") -> a Session; closed at the end of the test session."""
    opened: list[Session] = []

    def _open(username: str, **options) -> Session:
        session = Session(browser, server, username, **options)
        opened.append(session)
        return session

    yield _open
    for session in opened:
        session.close()


@pytest.fixture(scope="session")
def samples() -> Path:
    """The folder of the sample files (tests/samples); the test fails when it is missing."""
    if not support.SAMPLES.is_dir():
        pytest.fail(f"the sample files are missing: {support.SAMPLES}")
    return support.SAMPLES
