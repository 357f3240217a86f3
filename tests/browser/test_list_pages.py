"""The list and detail pages of regions, clusters, areas, partnerships and calls in a browser."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import screenshot
from tests.partnerships.factories import PartnershipFactory
from tests.regions.factories import ClusterFactory, RegionFactory
from tests.thematic_areas.factories import AreaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_A_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

PAGES = {
    "region-list": "/regions/?level=2",
    "region-list-errors": "/regions/?country=Germany&level=9",
    "region-detail": "/regions/XZ9Z/",
    "cluster-list": "/clusters/",
    "cluster-detail": "/clusters/battery-cluster/",
    "area-list-errors": "/areas/?lead_region=ZZ9",
    "partnership-list": "/partnerships/",
    "partnership-detail": "/partnerships/battery-partnership/",
    "call-list": "/calls/",
}


@pytest.fixture
def content():
    region = RegionFactory(
        code="XZ9Z", country="XZ", name="Valencia test region", cohesion_category="transition"
    )
    cluster = ClusterFactory(name="Battery cluster", region=region)
    area = AreaFactory(name="Batteries", lead=region)
    PartnershipFactory(name="Battery partnership", area=area, coordinator=cluster)
    for n in range(30):
        RegionFactory(name=f"Paged region {n:02d}")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_list_and_detail_pages_have_no_wcag_a_or_aa_violation(
    live_server, page, content, language
):
    axe = Axe()
    prefix = "" if language == "en" else f"/{language}"
    failures = []
    for name, path in PAGES.items():
        response = page.goto(f"{live_server.url}{prefix}{path}")
        assert response.status == 200, name
        screenshot(page, f"{name}-{language}")
        results = axe.run(page, options=WCAG_A_AA)
        if results.violations_count:
            failures.append(f"{name} ({language}):\n{results.generate_report()}")
    assert not failures, "\n".join(failures)


def test_filters_swap_the_results_in_place_and_update_the_address(live_server, page, content):
    page.goto(f"{live_server.url}/regions/?level=2")
    # A page that reloads loses this mark; an htmx swap keeps it.
    page.evaluate("window.stayedOnPage = true")
    page.locator("#id_q").fill("valencia")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**q=valencia**")
    page.get_by_text("1 result", exact=True).wait_for()
    assert page.evaluate("window.stayedOnPage") is True
    assert page.get_by_role("link", name="Valencia test region").is_visible()
    assert not page.get_by_text("Paged region 00").is_visible()


def test_pagination_keeps_the_filters(live_server, page, content):
    page.goto(f"{live_server.url}/regions/?level=2&ordering=name")
    page.get_by_role("link", name="Go to page 2").click()
    page.wait_for_url("**page=2**")
    assert "level=2" in page.url and "ordering=name" in page.url
    page.get_by_text("page 2 of 2").wait_for()
