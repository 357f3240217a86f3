"""The key journey in a real browser: from sign-up to a new member on an area's page."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import WCAG_A_AA
from tests.regions.factories import RegionFactory, representative_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://\S+")


def sign_up(page, base, email, mailoutbox):
    page.goto(f"{base}/accounts/signup/")
    page.locator("#id_email").fill(email)
    page.get_by_label("Your name").fill("Ana Costa")
    page.get_by_label("Your job title").fill("Smart-specialisation officer")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url(re.compile("/accounts/confirm-email/"))
    message = next(m for m in reversed(mailoutbox) if email in m.to)
    page.goto(LINK.search(message.body).group(0))
    page.get_by_role("button", name="Confirm").click()
    # Confirming in the browser that signed up logs in, on the dashboard and its next step.
    page.wait_for_url(f"{base}/dashboard/")
    assert page.get_by_role(
        "link", name="Ask to represent a region or a cluster"
    ).first.is_visible()


def run_admin_action(page, base, changelist, action):
    page.goto(f"{base}/admin/{changelist}/")
    page.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option(action)
    page.locator("button[name=index]").click()
    page.wait_for_load_state()


def test_a_new_user_founds_an_area_that_a_second_region_joins(
    live_server, browser, log_in, mailoutbox
):
    base = live_server.url
    lead = RegionFactory(code="XA1A", name="Lead region")
    joining = RegionFactory(code="XA2A", name="Joining region")
    moderator = browser.new_context()
    # A superuser moderates: transactional tests empty the database, and with
    # it the moderators group that a data migration creates.
    log_in(moderator, UserFactory(is_staff=True, is_superuser=True))
    moderator = moderator.new_page()

    ana = browser.new_context().new_page()
    for page in (moderator, ana):
        page.set_default_timeout(5000)
    sign_up(ana, base, "ana@lead.example.eu", mailoutbox)

    ana.goto(f"{base}/affiliations/new/")
    # The region is found by typing part of its name: nobody needs its code.
    region_picker = ana.get_by_role("group", name=re.compile("^Region"))
    region_picker.get_by_label("Find by name or code").press_sequentially("lead reg")
    region_picker.get_by_label("Lead region (XA1A)").check()
    ana.get_by_label(re.compile("^Your role")).fill("Smart-specialisation officer")
    ana.get_by_label(re.compile("^Official e-mail")).fill("officer@lead.example.eu")
    ana.get_by_label(re.compile("^Justification")).fill("I coordinate our RIS3.")
    screenshot(ana, "journey-affiliation-form")
    ana.locator("main").get_by_role("button").last.click()
    ana.wait_for_url(re.compile("/dashboard/"))

    run_admin_action(moderator, base, "regions/affiliation", "verify_affiliations")

    ana.goto(f"{base}/areas/propose/")
    ana.get_by_label(re.compile("^Proposing region")).select_option(label=str(lead))
    ana.get_by_label(re.compile("^Name")).fill("Smart textiles")
    ana.get_by_label(re.compile("^Summary")).fill("Textile regions together.")
    ana.get_by_label(re.compile("^Objectives")).fill("Connect textile regions.")
    ana.get_by_label(re.compile("^First action plan")).fill("Map competences first.")
    ana.locator("main").get_by_role("button").last.click()
    ana.wait_for_url(re.compile("/areas/smart-textiles/"))

    run_admin_action(moderator, base, "thematic_areas/thematicarea", "approve_proposals")

    bob_context = browser.new_context()
    log_in(bob_context, representative_of(joining))
    bob = bob_context.new_page()
    bob.set_default_timeout(5000)
    bob.goto(f"{base}/areas/smart-textiles/")
    bob.get_by_role("combobox", name=re.compile("^Region")).select_option(label=str(joining))
    bob.get_by_label(re.compile("^Statement of commitment")).fill("We bring our labs.")
    bob.get_by_role("button", name="Send the request").click()
    bob.wait_for_load_state()
    screenshot(bob, "journey-join-requested")

    ana.goto(f"{base}/dashboard/")
    screenshot(ana, "journey-dashboard-decision")
    # The inline decision forms, which the page checks without data do not show.
    results = Axe().run(ana, options=WCAG_A_AA)
    assert results.violations_count == 0, results.generate_report()
    ana.get_by_role("button", name="Approve the request of Joining region").click()
    ana.wait_for_url(re.compile("/dashboard/"))

    ana.goto(f"{base}/areas/smart-textiles/")
    screenshot(ana, "journey-area-with-new-member")
    members = ana.locator("section", has=ana.locator("#members"))
    assert "Lead region" in members.inner_text()
    assert "Joining region" in members.inner_text()
