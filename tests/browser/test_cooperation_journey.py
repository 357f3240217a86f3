"""A cluster of a less developed region seeks a 3D-printing facility; a region whose RIS3
profile carries the code finds it on its dashboard, expresses interest, is accepted, and the
two write to each other."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from cooperation.models import Message
from regions.choices import CohesionCategory
from tests.browser.conftest import screenshot
from tests.browser.test_list_pages import WCAG_A_AA
from tests.regions.factories import (
    ClusterFactory,
    PriorityFactory,
    RegionFactory,
    RegionPriorityFactory,
    representative_of,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page, width, name):
    """No sideways scroll, no WCAG 2.1 A/AA violation; a screenshot for a person to look at."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    results = Axe().run(page, options=WCAG_A_AA)
    assert not results.violations_count, results.generate_report()
    screenshot(page, f"cooperation-{name}-{width}")


def person(browser, log_in, user, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    log_in(context, user)
    page = context.new_page()
    page.set_default_timeout(10000)
    return page


@pytest.mark.parametrize("width", [390, 1366])
def test_a_request_for_a_facility_becomes_a_conversation(live_server, browser, log_in, width):
    base = live_server.url
    printing = PriorityFactory(scheme="nace", code="25", name="Fabricated metal products")
    norte = RegionFactory(name="Norte", cohesion_category=CohesionCategory.LESS_DEVELOPED)
    cluster = ClusterFactory(name="Metal Makers", region=norte)
    region = RegionFactory(name="Printing Valley")
    RegionPriorityFactory(region=region, priority=printing)

    poster = person(browser, log_in, representative_of(cluster), width)
    poster.goto(f"{base}/cooperation/new/")
    poster.get_by_label("Seeks").check()
    poster.locator("#id_kind").select_option("facility")
    poster.get_by_label("Title").fill("Metal 3D-printing facility wanted")
    poster.get_by_label("Description").fill("A pilot series of 200 parts in titanium.")
    poster.get_by_label("Find by name or code").press_sequentially("fabricated")
    poster.get_by_label("NACE 25 — Fabricated metal products").check()
    closes = timezone.localdate() + datetime.timedelta(days=30)
    poster.get_by_label("Closing date").fill(closes.isoformat())
    check(poster, width, "new-posting")
    poster.get_by_role("button", name="Publish").click()
    expect(poster.get_by_text("“Metal 3D-printing facility wanted” is published.")).to_be_visible()
    posting_url = poster.url
    check(poster, width, "posting")

    region_rep = person(browser, log_in, representative_of(region), width)
    region_rep.goto(f"{base}/dashboard/")
    fits = region_rep.locator("section", has=region_rep.locator("#fitting-postings"))
    expect(fits).to_contain_text("× 1.5: Less developed region")
    check(region_rep, width, "dashboard")
    fits.get_by_role("link", name="Metal 3D-printing facility wanted").click()
    region_rep.get_by_role("link", name="Express interest").click()
    region_rep.get_by_label("Message").fill(
        "Our centre prints titanium; see https://print.example.eu"
    )
    check(region_rep, width, "interest")
    region_rep.get_by_role("button", name="Send").click()
    expect(region_rep.get_by_text(f"{region}'s interest is sent.")).to_be_visible()

    poster.goto(posting_url)
    expect(poster.locator("#interests").locator("..")).to_contain_text("Our centre prints titanium")
    poster.get_by_role("button", name=f"Accept the interest of {region}").click()
    expect(poster.get_by_text(f"Accepted: a conversation with {region}")).to_be_visible()
    poster.get_by_role("link", name="Open the conversation").click()
    poster.get_by_label("Your message").fill("Welcome! Could you quote for 200 parts?")
    poster.get_by_role("button", name="Send").click()
    expect(poster.get_by_text("Could you quote for 200 parts?")).to_be_visible()

    region_rep.goto(f"{base}/cooperation/conversations/")
    expect(region_rep.get_by_text("1 unread")).to_be_visible()
    check(region_rep, width, "conversations")
    region_rep.get_by_role("link", name="Metal 3D-printing facility wanted").click()
    expect(region_rep.get_by_text("Could you quote for 200 parts?")).to_be_visible()
    region_rep.get_by_label("Your message").fill(
        "Yes: 40 EUR a part, see https://print.example.eu/q"
    )
    region_rep.get_by_role("button", name="Send").click()
    expect(region_rep.get_by_role("link", name="https://print.example.eu/q")).to_be_visible()
    check(region_rep, width, "conversation")

    poster.reload()
    expect(poster.get_by_text("40 EUR a part")).to_be_visible()
    assert Message.objects.count() == 2
    for page in (poster, region_rep):
        page.context.close()
