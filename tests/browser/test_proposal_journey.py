"""A cluster-led partnership, from its proposal to its approval, at phone and desktop widths.

A cluster's representative proposes a partnership during an open call and
invites another cluster found by name; that cluster confirms; a moderator
approves it from the moderation queue; the partnership exists, coordinated
by the proposing cluster, with the invited cluster as a member.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from partnerships.choices import PartnershipRole, ProposalStatus
from partnerships.models import Partnership, PartnershipProposal
from tests.accounts.factories import UserFactory
from tests.browser.conftest import screenshot
from tests.partnerships.factories import CallFactory
from tests.regions.factories import ClusterFactory, representative_of
from tests.thematic_areas.factories import AreaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_A_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def person(browser, log_in, user, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    log_in(context, user)
    page = context.new_page()
    page.set_default_timeout(10000)
    return page


@pytest.mark.parametrize("width", [390, 1366])
def test_a_cluster_proposes_a_partnership_an_invited_cluster_confirms_a_moderator_approves(
    live_server, browser, log_in, width
):
    base = live_server.url
    area = AreaFactory(name="Smart textiles")
    call = CallFactory(title="Cluster partnerships call")
    proposer_cluster = ClusterFactory(name="Porto textile cluster")
    invited_cluster = ClusterFactory(name="Łódź fibre cluster")
    proposer = person(browser, log_in, representative_of(proposer_cluster), width)
    invited = person(browser, log_in, representative_of(invited_cluster), width)
    moderator = person(browser, log_in, UserFactory(is_staff=True, is_superuser=True), width)

    proposer.goto(f"{base}/partnerships/")
    proposer.get_by_role("link", name="Propose a partnership").click()
    proposer.get_by_label(re.compile("^Thematic area")).select_option(label=area.name)
    proposer.get_by_label(re.compile("^Call for expressions")).select_option(label=call.title)
    proposer.get_by_label(re.compile("^Name of the partnership")).fill("Recycled fibres")
    proposer.get_by_label(re.compile("^Kind")).select_option(label="ESCP-S3 (smart specialisation)")
    proposer.get_by_label(re.compile("^Objectives")).fill("Pilot lines for recycled fibres.")
    picker = proposer.get_by_role("group", name=re.compile("^Clusters invited"))
    picker.get_by_label("Find by name or code").press_sequentially("fibre")
    picker.get_by_label(re.compile("Łódź fibre cluster")).check()
    assert proposer.evaluate("document.documentElement.scrollWidth") <= width
    results = Axe().run(proposer, options=WCAG_A_AA)
    assert not results.violations_count, results.generate_report()
    proposer.get_by_role("button", name="Send the proposal").click()
    proposer.wait_for_url(re.compile(r"/partnerships/proposals/\d+/"))
    expect(proposer.get_by_text("Waiting for a moderator")).to_be_visible()
    proposal = PartnershipProposal.objects.get()

    invited.goto(f"{base}{proposal.get_absolute_url()}")
    invited.get_by_role("button", name="Confirm: we join").click()
    expect(invited.get_by_text("Łódź fibre cluster — Confirmed")).to_be_visible()
    screenshot(invited, f"proposal-confirmed-{width}")

    moderator.goto(f"{base}/moderation/")
    moderator.get_by_role("link", name=re.compile("Recycled fibres, proposed by Porto")).click()
    moderator.get_by_role("button", name="Approve", exact=True).click()
    expect(moderator.locator(".messagelist")).to_contain_text("Approved “Recycled fibres”")

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    partnership = Partnership.objects.get(name="Recycled fibres")
    assert dict(partnership.memberships.values_list("cluster__name", "role")) == {
        "Porto textile cluster": PartnershipRole.COORDINATOR,
        "Łódź fibre cluster": PartnershipRole.MEMBER,
    }
    proposer.reload()
    proposer.get_by_role("link", name="Recycled fibres").last.click()
    expect(proposer.get_by_role("heading", name="Recycled fibres", level=1)).to_be_visible()
