"""The maps in a real browser: drawn, reachable by keyboard, axe-clean, within the CSP."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from projects.choices import ProjectStatus
from tests.browser.conftest import screenshot
from tests.projects.factories import ProjectFactory
from tests.regions.factories import nuts_region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_A_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def test_the_pipeline_map_renders_and_each_region_is_a_keyboard_link(live_server, page):
    ProjectFactory(lead_region=nuts_region("AT11"), status=ProjectStatus.PUBLISHED)
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto(f"{live_server.url}/calls/")
    page.wait_for_timeout(300)
    without_map = sorted(refused)
    refused.clear()

    page.goto(f"{live_server.url}/pipeline/")
    page.wait_for_timeout(300)

    svg = page.locator(".region-map__svg")
    assert svg.bounding_box()["width"] > 400
    assert page.locator(".region-map__region").count() == 242
    page.locator(".region-map__skip").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "/regions/AT11/"
    stroke = page.evaluate("getComputedStyle(document.activeElement.querySelector('path')).stroke")
    assert stroke == "rgb(0, 0, 0)"
    screenshot(page, "pipeline-map")
    # The map adds nothing the policy refuses: the same refusals as a page without one.
    assert sorted(refused) == without_map
    results = Axe().run(page, context={"include": [[".region-map"]]}, options=WCAG_A_AA)
    assert results.violations_count == 0, results.generate_report()
