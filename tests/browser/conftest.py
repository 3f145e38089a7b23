"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Outside CI a machine without Chromium skips these tests; in CI (CI=true) a missing browser fails.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# The Celery worker of tests/worker.py, for the exports page (it is the integration tests' worker too).
from tests.worker import celery_queue, start_celery_worker  # noqa: F401

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test body are
    # still synchronous and safe. Set only while browsers run: other tests start subprocesses.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def _new_page(browser, live_server, **context_options):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", **context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    return context, page


def _watch_csp(page) -> list[str]:
    """What the browser reports the Content-Security-Policy blocked (an inline script or style= attribute)."""
    blocked: list[str] = []

    def heard(message) -> None:
        if "Content Security Policy" in message.text:
            blocked.append(message.text)

    page.on("console", heard)
    return blocked


@pytest.fixture
def page(browser, live_server, request):
    """A desktop-sized page whose relative URLs go to the live server; nothing may break its CSP."""
    context, page = _new_page(browser, live_server, viewport={"width": 1280, "height": 900})
    blocked = _watch_csp(page)
    yield page
    _save_screenshot_on_failure(page, request)
    context.close()
    assert blocked == []


@pytest.fixture
def phone_page(browser, live_server, request):
    """A phone-sized page (360×740, touch) for the pages teachers and judges use on a phone."""
    context, page = _new_page(
        browser, live_server, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    blocked = _watch_csp(page)
    yield page
    _save_screenshot_on_failure(page, request)
    context.close()
    assert blocked == []


@pytest.fixture
def login(live_server):
    """login(page, username, password): fills the login form and waits for the next page."""

    def _login(page, username: str, password: str) -> None:
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        with page.expect_navigation():
            page.click("main form button[type=submit]")

    return _login


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def _save_screenshot_on_failure(page, request) -> None:
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
