"""A representative picks the RIS3 profile's codes by name, with and without JavaScript."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from regions.models import Ris3Priority
from tests.browser.conftest import screenshot
from tests.browser.test_list_pages import WCAG_A_AA
from tests.regions.factories import PriorityFactory, RegionFactory, representative_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def region():
    PriorityFactory(scheme="nace", code="28", name="Manufacture of machinery and equipment")
    PriorityFactory(scheme="nace", code="25", name="Manufacture of fabricated metal products")
    PriorityFactory(scheme="nabs", code="06", name="Industrial production and technology")
    return RegionFactory(code="XP1A", name="Picker region")


@pytest.mark.parametrize("width", [390, 1366])
def test_codes_are_picked_by_name_as_you_type(live_server, browser, log_in, region, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    log_in(context, representative_of(region))
    page = context.new_page()
    page.goto(f"{live_server.url}/regions/{region.code}/ris3/new/")
    page.get_by_label("Title").fill("Advanced manufacturing")
    search = page.get_by_label("Find by name or code")

    search.press_sequentially("machin")
    page.get_by_label("NACE 28 — Manufacture of machinery and equipment").check()
    search.fill("")
    search.press_sequentially("industrial")
    expect(page.get_by_label("NABS 06 — Industrial production and technology")).to_be_visible()

    # The ticked code moved to the chosen ones; the search box kept the focus.
    expect(page.locator("#id_codes_chosen input:checked")).to_have_count(1)
    assert page.evaluate("document.activeElement.id") == "id_codes"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    results = Axe().run(page, options=WCAG_A_AA)
    assert not results.violations_count, results.generate_report()
    screenshot(page, f"ris3-picker-{width}")
    page.get_by_label("NABS 06 — Industrial production and technology").check()
    page.get_by_role("button", name="Save and publish").click()

    expect(page.get_by_text("“Advanced manufacturing” is saved and published.")).to_be_visible()
    entry = Ris3Priority.objects.get(region=region)
    assert sorted(entry.codes.values_list("code", flat=True)) == ["06", "28"]
    context.close()


def test_without_javascript_the_search_button_shows_the_matches(
    live_server, browser, log_in, region
):
    context = browser.new_context(java_script_enabled=False)
    log_in(context, representative_of(region))
    page = context.new_page()
    page.goto(f"{live_server.url}/regions/{region.code}/ris3/new/")
    page.get_by_label("Title").fill("Metals")
    page.get_by_label("Find by name or code").fill("metal")

    page.get_by_role("button", name="Find", exact=True).click()
    assert not Ris3Priority.objects.exists()  # searching saves nothing
    expect(page.get_by_label("Title")).to_have_value("Metals")
    page.get_by_label("NACE 25 — Manufacture of fabricated metal products").check()
    page.get_by_role("button", name="Save and publish").click()

    entry = Ris3Priority.objects.get(region=region)
    assert (entry.title, list(entry.codes.values_list("code", flat=True))) == ("Metals", ["25"])
    context.close()
