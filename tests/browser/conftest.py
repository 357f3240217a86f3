"""Playwright against Debian's Chromium and pytest-django's live_server.

Playwright's sync API runs an event loop in the test's thread, so Django's
async-safety check would refuse the factories' queries there: it is switched
off for these tests only (the server thread is unaffected).
"""

import os
from pathlib import Path

import pytest
from django.test import Client

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
# Screenshots for a person to look at; git ignores the folder.
ARTIFACTS = Path(__file__).resolve().parents[2] / "browser-artifacts"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


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
