"""axe-core on the main kinds of page, in English and French: no WCAG 2.1 A/AA violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import screenshot
from tests.regions.factories import RegionFactory, representative_of
from tests.thematic_areas.factories import AreaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_A_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

PAGES = {
    "home": "/",
    "area-list": "/areas/",
    "area-detail": "/areas/smart-textiles/",
    "login": "/accounts/login/",
    "signup": "/accounts/signup/",
    "search": "/search/?q=textile",
    "not-found": "/no-such-page/",
    "dashboard": "/dashboard/",
}


@pytest.fixture
def content():
    lead = RegionFactory(name="Lead region")
    AreaFactory(name="Smart textiles", summary="Textile regions together.", lead=lead)
    return representative_of(lead)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_main_pages_have_no_wcag_a_or_aa_violation(
    live_server, page, log_in, content, language
):
    log_in(page.context, content)
    axe = Axe()
    prefix = "" if language == "en" else f"/{language}"
    failures = []
    for name, path in PAGES.items():
        response = page.goto(f"{live_server.url}{prefix}{path}")
        assert response.status == (404 if name == "not-found" else 200), name
        assert page.locator("html").get_attribute("lang") == language
        screenshot(page, f"{name}-{language}")
        results = axe.run(page, options=WCAG_A_AA)
        if results.violations_count:
            failures.append(f"{name} ({language}):\n{results.generate_report()}")
    assert not failures, "\n".join(failures)


def test_the_anonymous_forms_have_no_wcag_a_or_aa_violation_with_errors_shown(live_server, page):
    page.goto(f"{live_server.url}/accounts/signup/")
    # Past the browser's own checks, so the server's error messages show.
    page.locator("main form").last.evaluate("form => form.noValidate = true")
    page.locator("#id_email").fill("not-an-address")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_load_state()
    assert page.locator("#id_email_error").is_visible()
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    screenshot(page, "signup-errors-en")

    results = Axe().run(page, options=WCAG_A_AA)

    assert results.violations_count == 0, results.generate_report()
