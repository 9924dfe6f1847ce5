"""Browser tests: Chromium driven by Playwright against pytest-django's live server.

One Chromium for the whole session, a fresh browser context (cookies, storage) for each test.
The Debian package's Chromium is used because Playwright's own browser download is not
available on the machines that run these tests; KCN_CHROMIUM points elsewhere if needed.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

CHROMIUM = os.environ.get("KCN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent

expect.set_options(timeout=10_000)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # tryfirst: the marker must be there before `-m` deselects.
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make browsers` (apt-get install chromium).")
    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API keeps an event loop in the test's thread; Django would then refuse
        # the tests' ORM calls as "async-unsafe" although nothing runs concurrently.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def demo_live(transactional_db):
    """The demo board in a database the live server's thread sees.

    Transactional tests end by flushing every table, which also empties the administrative
    units that migration registry 0002 loaded, so they are loaded again before the demo.
    """
    from kcn.registry.demo import load_demo
    from kcn.registry.models import Commune, LegacyProvince, Province
    from kcn.registry.units import units_sync

    units_sync(Province, Commune, LegacyProvince)
    return load_demo(enterprise_count=60)


@pytest.fixture
def new_page(browser, live_server):
    """new_page(**context_options) -> a page in a fresh context (no cookies), closed after the test."""
    contexts = []

    def make(**options):
        context = browser.new_context(base_url=live_server.url, accept_downloads=True, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page, demo_live):
    return new_page()


def login_as(page, live_server, username, password=None):
    """Log in through the real login form and wait for the home page."""
    from kcn.registry.demo import DEMO_PASSWORD

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password or DEMO_PASSWORD)
    page.click("#login-button")
    expect(page.locator("#home-role")).to_be_visible()
    # The element shows before the scripts at the end of <body> ran; menus need Bootstrap's JS.
    page.wait_for_load_state("load")
    return page


def main_menu(page):
    """The entries of the top menu, drop-down entries included (not the user menu or the language switch)."""
    return page.locator("#kcn-nav ul.me-auto").locator(".nav-link, .dropdown-item")


def column_texts(page, table_selector, header):
    """The cell texts of the column headed ``header`` in a rendered table, top to bottom."""
    headers = [text.strip() for text in page.locator(f"{table_selector} thead th").all_inner_texts()]
    index = headers.index(header) + 1
    cells = page.locator(f"{table_selector} tbody tr td:nth-child({index})")
    return [text.strip() for text in cells.all_inner_texts()]
