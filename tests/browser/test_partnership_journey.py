"""A cluster joins a partnership while its call is open, and is refused once a call has closed."""

import datetime
import re

import pytest
from django.utils import formats, timezone

from partnerships.models import PartnershipJoinRequest, PartnershipMembership
from tests.accounts.factories import PASSWORD
from tests.browser.conftest import screenshot
from tests.partnerships.factories import CallFactory, PartnershipFactory
from tests.regions.factories import ClusterFactory, representative_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, user):
    page.set_default_timeout(5000)
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{base}/dashboard/")


def ask_to_join(page, cluster, statement):
    page.get_by_label(re.compile("^Cluster organisation")).select_option(label=str(cluster))
    page.get_by_label(re.compile("^Statement of commitment")).fill(statement)
    page.get_by_role("button", name="Send the request").click()
    page.wait_for_load_state()


def members_of(page):
    return page.locator("section", has=page.locator("#members")).inner_text()


def test_a_cluster_joins_during_the_call_and_another_is_refused_once_it_closed(
    live_server, browser
):
    base = live_server.url
    open_partnership = PartnershipFactory(
        name="Circular textiles", coordinator=ClusterFactory(name="Textile Hub")
    )
    today = timezone.localdate()
    closed_call = CallFactory(
        opens_on=today - datetime.timedelta(days=30), closes_on=today - datetime.timedelta(days=2)
    )
    closed_partnership = PartnershipFactory(name="Pilot lines", call=closed_call)
    joining = ClusterFactory(name="Alpine Materials")
    late = ClusterFactory(name="Nordic Fibres")

    applicant = browser.new_context().new_page()
    sign_in(applicant, base, representative_of(joining))
    applicant.goto(f"{base}/partnerships/circular-textiles/")
    ask_to_join(applicant, joining, "We bring 30 SMEs and a test lab.")
    applicant.wait_for_url(f"{base}/partnerships/circular-textiles/")
    assert "Alpine Materials, asked on" in applicant.locator("main").inner_text()
    applicant.get_by_role("button", name="Withdraw the request of Alpine Materials").wait_for()
    assert "Alpine Materials" not in members_of(applicant)
    screenshot(applicant, "partnership-join-requested")

    coordinator = browser.new_context().new_page()
    sign_in(coordinator, base, representative_of(open_partnership.coordinator))
    coordinator.goto(f"{base}/partnerships/circular-textiles/")
    assert "We bring 30 SMEs and a test lab." in coordinator.locator("main").inner_text()
    coordinator.get_by_role("button", name="Approve the request of Alpine Materials").click()
    coordinator.wait_for_url(f"{base}/partnerships/circular-textiles/")
    assert "The request of Alpine Materials was approved." in coordinator.inner_text("body")
    assert "Alpine Materials" in members_of(coordinator)
    screenshot(coordinator, "partnership-new-member")
    assert (
        PartnershipMembership.objects.current()
        .filter(partnership=open_partnership, cluster=joining)
        .exists()
    )

    latecomer = browser.new_context().new_page()
    sign_in(latecomer, base, representative_of(late))
    closed_on = formats.date_format(closed_call.closes_on)
    latecomer.goto(f"{base}/partnerships/pilot-lines/")
    notice = f"The call closed on {closed_on}; no more requests to join are accepted."
    assert notice in latecomer.locator("main").inner_text()
    assert latecomer.get_by_role("button", name="Send the request").count() == 0
    # The join address is still reachable (a bookmark, a page left open): the service refuses.
    latecomer.goto(f"{base}/partnerships/pilot-lines/join/")
    ask_to_join(latecomer, late, "We would like to take part.")
    refusal = f"The call “{closed_call.title}” closed on {closed_on}; no more requests are"
    assert refusal in latecomer.locator("main").inner_text()
    screenshot(latecomer, "partnership-join-refused-after-call")
    assert not PartnershipJoinRequest.objects.filter(partnership=closed_partnership).exists()
    assert not PartnershipMembership.objects.filter(
        partnership=closed_partnership, cluster=late
    ).exists()
