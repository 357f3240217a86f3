"""Screenshots of the main pages, in English, on a phone and a desktop, for docs/screenshots/.

Sets up the demo on a scratch SQLite database (migrate, the regions, the
partnerships, `seed_demo`), serves it, and photographs each page with the
browser tests' Chromium at 390 and 1366 pixels wide, the first 1,200 pixels
of each: `make screenshots`.
Pages that need an account are taken signed in as a demo representative or
the demo moderator.
"""

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
PORT = int(os.environ.get("SCREENSHOTS_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
WIDTHS = (390, 1366)
# The top of each page, as a reader first sees it: long lists would make
# screenshots of megabytes.
HEIGHT = 1200
REPRESENTATIVE = ("cantabria@demo.s3p.eu", "demo-representative")
MODERATOR = ("moderator@demo.s3p.eu", "demo-moderator")

# name, path, who is signed in (None: a visitor)
PAGES = [
    ("home", "/", None),
    ("thematic-areas", "/areas/", None),
    (
        "thematic-area",
        "/areas/advanced-manufacturing-for-energy-related-applications-in-harsh-environments/",
        None,
    ),
    ("regions", "/regions/?level=2", None),
    ("region", "/regions/ES13/", None),
    ("matchmaking-region", "/matchmaking/regions/ES13/", None),
    ("clusters", "/clusters/", None),
    ("partnerships", "/partnerships/", None),
    ("calls", "/calls/", None),
    ("projects", "/projects/?demo=include", None),
    ("pipeline", "/pipeline/?demo=include", None),
    ("dashboard", "/dashboard/", REPRESENTATIVE),
    ("ris3-profile", "/regions/ES13/ris3/new/", REPRESENTATIVE),
    ("moderation-queue", "/moderation/", MODERATOR),
]


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args, "-v", "0"], cwd=ROOT, env=env, check=True)


def wait_for(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"The server did not answer at {url}.")


def photograph(browser: Browser) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        sessions = {}
        for name, path, account in PAGES:
            if account not in sessions:
                context = browser.new_context(viewport={"width": width, "height": HEIGHT})
                page = context.new_page()
                if account:
                    page.goto(f"{BASE}/accounts/login/")
                    page.fill("input[name=login]", account[0])
                    page.fill("input[name=password]", account[1])
                    page.get_by_role("button", name="Sign In").click()
                    page.wait_for_url(f"{BASE}/dashboard/")
                sessions[account] = page
            page = sessions[account]
            response = page.goto(f"{BASE}{path}")
            if response is None or response.status != 200:
                raise SystemExit(f"{path} answered {response and response.status}.")
            target = OUT / f"{name}-{width}.jpg"
            page.screenshot(path=target, type="jpeg", quality=60)
            print(f"{target.relative_to(ROOT)}")


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{scratch}/screenshots.sqlite3",
            "DJANGO_ENV": "development",
            "CACHE_URL": "",
            "REDIS_URL": "",
        }
        for command in ("migrate", "load_regions", "load_partnerships", "seed_demo"):
            manage(command, env=env)
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{PORT}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(f"{BASE}/healthz")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                photograph(browser)
                browser.close()
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
