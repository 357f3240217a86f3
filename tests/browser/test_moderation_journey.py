"""A working day without codes, with JavaScript and without.

A new user signs up with a name and confirms; asks to represent a region
found by typing part of its name; a moderator finds the request in the
queue and verifies it from the record's page; the user proposes an area
with priorities picked by name.
"""

import re

import pytest
from playwright.sync_api import expect

from regions.choices import AffiliationStatus
from regions.models import Affiliation
from tests.accounts.factories import UserFactory
from tests.browser.conftest import screenshot
from tests.browser.test_journey import sign_up
from tests.regions.factories import PriorityFactory, RegionFactory
from thematic_areas.choices import AreaStatus
from thematic_areas.models import ThematicArea

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def search(picker, words, javascript):
    """Type `words` in a picker: matches come as you type, or with its Find button."""
    box = picker.get_by_label("Find by name or code")
    if javascript:
        box.fill("")
        box.press_sequentially(words)
    else:
        box.fill(words)
        picker.get_by_role("button", name="Find", exact=True).click()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_sign_up_represent_a_region_get_verified_and_propose_an_area_without_codes(
    live_server, browser, log_in, mailoutbox, javascript
):
    base = live_server.url
    region = RegionFactory(code="XS1A", name="Śląskie")
    PriorityFactory(scheme="nace", code="13", name="Manufacture of textiles")
    PriorityFactory(scheme="nace", code="14", name="Manufacture of wearing apparel")
    ana_context = browser.new_context(java_script_enabled=javascript)
    ana = ana_context.new_page()
    ana.set_default_timeout(10000)
    sign_up(ana, base, "ana@slaskie.example.eu", mailoutbox)

    ana.goto(f"{base}/affiliations/new/")
    region_picker = ana.get_by_role("group", name=re.compile("^Region"))
    # Accents optional, and nobody needs the code.
    search(region_picker, "slask", javascript)
    region_picker.get_by_label("Śląskie (XS1A)").check()
    ana.get_by_label(re.compile("^Your role")).fill("Smart-specialisation officer")
    ana.get_by_label(re.compile("^Official e-mail")).fill("officer@slaskie.example.eu")
    ana.get_by_label(re.compile("^Justification")).fill("I coordinate our RIS3.")
    ana.get_by_role("button", name=re.compile("^Send")).click()
    ana.wait_for_url(re.compile("/dashboard/"))
    affiliation = Affiliation.objects.get(user__email="ana@slaskie.example.eu")
    assert (affiliation.region, affiliation.status) == (region, AffiliationStatus.PENDING)

    moderator_context = browser.new_context(java_script_enabled=javascript)
    # A superuser moderates: transactional tests empty the database, and with
    # it the moderators group that a data migration creates.
    log_in(moderator_context, UserFactory(is_staff=True, is_superuser=True))
    moderator = moderator_context.new_page()
    moderator.set_default_timeout(10000)
    moderator.goto(f"{base}/dashboard/")
    moderator.get_by_role("link", name="Open the moderation queue").click()
    moderator.wait_for_url(re.compile("/moderation/"))
    screenshot(moderator, f"moderation-queue-{javascript}")
    moderator.get_by_role("link", name=re.compile("Ana Costa.*Śląskie")).click()
    moderator.wait_for_url(re.compile(f"/admin/regions/affiliation/{affiliation.pk}/change/"))
    moderator.get_by_role("button", name="Verify", exact=True).click()
    moderator.wait_for_load_state()
    expect(moderator.locator(".messagelist")).to_contain_text("Ana Costa now represents Śląskie")
    # Back on the record, which says so.
    assert moderator.url.endswith(f"/admin/regions/affiliation/{affiliation.pk}/change/")
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.VERIFIED

    ana.goto(f"{base}/areas/propose/")
    # Her one region is chosen already.
    expect(ana.get_by_label(re.compile("^Proposing region"))).to_have_value(str(region.pk))
    ana.get_by_label(re.compile("^Name")).fill("Smart textiles")
    ana.get_by_label(re.compile("^Summary")).fill("Textile regions together.")
    ana.get_by_label(re.compile("^Objectives")).fill("Connect textile regions.")
    ana.get_by_label(re.compile("^First action plan")).fill("Map competences first.")
    priorities = ana.get_by_role("group", name=re.compile("^Priorities"))
    search(priorities, "textil", javascript)
    priorities.get_by_label("NACE 13 — Manufacture of textiles").check()
    search(priorities, "apparel", javascript)
    priorities.get_by_label("NACE 14 — Manufacture of wearing apparel").check()
    screenshot(ana, f"area-proposal-picked-{javascript}")
    ana.get_by_role("button", name=re.compile("^(Propose|Send)")).click()
    ana.wait_for_url(re.compile("/areas/smart-textiles/"))

    area = ThematicArea.objects.get(slug="smart-textiles")
    assert area.status == AreaStatus.PROPOSED
    assert area.proposing_region == region
    assert sorted(area.priorities.values_list("code", flat=True)) == ["13", "14"]
    ana_context.close()
    moderator_context.close()
