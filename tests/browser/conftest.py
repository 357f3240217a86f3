"""Playwright against Debian's Chromium and pytest-django's live_server.

Playwright's sync API runs an event loop in the test's thread, so Django's
async-safety check would refuse the factories' queries there: it is switched
off for these tests only (the server thread is unaffected).
"""

import os
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import sync_playwright

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
# Screenshots for a person to look at; git ignores the folder.
ARTIFACTS = Path(__file__).resolve().parents[2] / "browser-artifacts"


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="package")
def playwright():
    """Playwright for these tests only.

    pytest-playwright's own fixture lives for the whole session, and with it
    the asyncio loop its sync API runs: any later test in the same process
    that calls asyncio.run() would fail. Scoped to this package, it stops
    when the browser tests are done.
    """
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="package")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Hashed names from the manifest storage are not served under live_server.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def log_in(live_server):
    """Give a browser context the session of `user`, without going through the form."""

    def log_in(context, user):
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )

    return log_in


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
