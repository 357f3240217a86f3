import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from core.workflow import RequestStatus
from partnerships.models import PartnershipJoinRequest
from regions.choices import ClusterStatus
from tests.page_helpers import assert_field_error, assert_form_error, client_for, text_of
from tests.partnerships.factories import (
    CallFactory,
    PartnershipFactory,
    PartnershipJoinRequestFactory,
)
from tests.regions.factories import ClusterFactory, representative_of
from tests.thematic_areas.factories import AreaFactory
from thematic_areas.choices import AreaStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(name="Smart Factory Partnership")


@pytest.fixture
def coordinator(partnership):
    return representative_of(partnership.coordinator)


@pytest.fixture
def cluster():
    return ClusterFactory(name="Applicant cluster")


@pytest.fixture
def applicant(cluster):
    return representative_of(cluster)


def url(name, *args):
    return reverse(f"partnerships:{name}", args=args)


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def test_the_calls_page_lists_calls_with_their_window_and_partnerships(client, partnership):
    CallFactory(title="Closed call", opens_on=days(-100), closes_on=days(-30))

    response = client.get(url("call_list"))

    assert response.status_code == 200
    assert partnership.call.title in response.text
    assert "Smart Factory Partnership" in response.text
    closed = formats.date_format(days(-30))
    assert f"Closed on {closed}." in text_of(response)


def test_the_partnership_list_and_page_are_public_but_not_for_a_proposed_area(client, partnership):
    hidden = PartnershipFactory(name="Hidden", area=AreaFactory(status=AreaStatus.PROPOSED))

    listing = client.get(url("partnership_list"))

    assert listing.status_code == 200
    assert "Smart Factory Partnership" in listing.text and "Hidden" not in listing.text
    assert client.get(partnership.get_absolute_url()).status_code == 200
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_a_cluster_representative_asks_to_join_and_the_coordinator_approves(
    partnership, cluster, applicant, coordinator
):
    page = client_for(applicant).get(partnership.get_absolute_url())
    assert "Ask to join for your cluster" in page.text

    client_for(applicant).post(
        url("partnership_join", partnership.slug),
        {"cluster": cluster.pk, "statement": "We bring 40 SMEs."},
    )
    join_request = PartnershipJoinRequest.objects.get()
    assert (
        url("join_request_approve", join_request.pk)
        in client_for(coordinator).get(reverse("dashboard")).text
    )
    response = client_for(coordinator).post(url("join_request_approve", join_request.pk))

    assert response.status_code == 302
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.APPROVED
    detail = client_for(applicant).get(partnership.get_absolute_url())
    assert "Applicant cluster" in detail.text
    assert partnership.memberships.current().filter(cluster=cluster).exists()


def test_a_lead_of_the_area_may_reject_with_a_reason(partnership, cluster):
    lead = representative_of(partnership.area.proposing_region)
    join_request = PartnershipJoinRequestFactory(partnership=partnership, cluster=cluster)
    client = client_for(lead)

    empty = client.post(url("join_request_reject", join_request.pk), {"reason": ""})
    client.post(url("join_request_reject", join_request.pk), {"reason": "Not in scope."})

    assert_field_error(empty, "reason", "Give a reason for the rejection.")
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.REJECTED


def test_a_join_request_after_the_call_closed_names_the_date(cluster, applicant):
    call = CallFactory(opens_on=days(-100), closes_on=days(-1))
    partnership = PartnershipFactory(call=call)

    page = client_for(applicant).get(partnership.get_absolute_url())
    response = client_for(applicant).post(
        url("partnership_join", partnership.slug), {"cluster": cluster.pk, "statement": "Late."}
    )

    closed = formats.date_format(call.closes_on)
    assert f"The call closed on {closed}" in text_of(page)
    assert "Ask to join for your cluster" not in page.text
    assert_form_error(response, f"closed on {closed}")
    assert not PartnershipJoinRequest.objects.exists()


def test_a_join_request_before_the_call_opens_names_the_date(cluster, applicant):
    call = CallFactory(opens_on=days(5), closes_on=days(50))
    partnership = PartnershipFactory(call=call)

    response = client_for(applicant).post(
        url("partnership_join", partnership.slug), {"cluster": cluster.pk, "statement": "Early."}
    )

    assert_form_error(response, f"opens on {formats.date_format(call.opens_on)}")


def test_join_errors_are_shown_on_the_form(partnership, cluster, applicant):
    PartnershipJoinRequestFactory(partnership=partnership, cluster=cluster)
    pending_profile = ClusterFactory(status=ClusterStatus.PENDING)
    representative_of(pending_profile, user=applicant)
    client = client_for(applicant)

    empty = client.post(url("partnership_join", partnership.slug), {"cluster": cluster.pk})
    second = client.post(
        url("partnership_join", partnership.slug), {"cluster": cluster.pk, "statement": "Again."}
    )
    unpublished = client.post(
        url("partnership_join", partnership.slug),
        {"cluster": pending_profile.pk, "statement": "Us."},
    )

    assert_field_error(empty, "statement", "Say what your cluster commits to.")
    assert_form_error(second, "already has a pending request for this partnership")
    assert_form_error(unpublished, "must be validated before it can join")


def test_joining_needs_a_login_and_a_cluster(client, member, partnership):
    assert client.post(url("partnership_join", partnership.slug)).status_code == 302
    assert client_for(member).post(url("partnership_join", partnership.slug)).status_code == 403


def test_outsiders_get_404_and_applicants_403_on_decisions(partnership, cluster, applicant):
    join_request = PartnershipJoinRequestFactory(partnership=partnership, cluster=cluster)
    stranger = representative_of(ClusterFactory())

    assert (
        client_for(stranger).post(url("join_request_approve", join_request.pk)).status_code == 404
    )
    assert (
        client_for(applicant).post(url("join_request_approve", join_request.pk)).status_code == 403
    )


def test_a_decided_request_cannot_be_decided_again(partnership, cluster, coordinator):
    join_request = PartnershipJoinRequestFactory(partnership=partnership, cluster=cluster)
    client = client_for(coordinator)
    client.post(url("join_request_reject", join_request.pk), {"reason": "Full."})

    response = client.post(url("join_request_approve", join_request.pk))

    assert_form_error(response, "This request was already rejected.")


def test_the_applicant_withdraws_and_members_leave_but_not_the_coordinator(
    partnership, cluster, applicant, coordinator
):
    join_request = PartnershipJoinRequestFactory(partnership=partnership, cluster=cluster)
    client = client_for(applicant)
    assert (
        url("join_request_withdraw", join_request.pk)
        in client.get(partnership.get_absolute_url()).text
    )
    client.post(url("join_request_withdraw", join_request.pk), follow=True)
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.WITHDRAWN

    partnership.memberships.create(cluster=cluster, role="member")
    client.post(url("partnership_leave", partnership.slug), {"cluster": cluster.pk})
    refused = client_for(coordinator).post(
        url("partnership_leave", partnership.slug), {"cluster": partnership.coordinator.pk}
    )

    assert not partnership.memberships.current().filter(cluster=cluster).exists()
    assert_form_error(refused, "The coordinator cannot leave")
    assert client_for(applicant).post(url("partnership_leave", partnership.slug)).status_code == 403


def test_each_action_page_renders_for_the_role_it_is_for(partnership, cluster, coordinator):
    join_request = PartnershipJoinRequestFactory(partnership=partnership, cluster=cluster)
    member_cluster = ClusterFactory()
    partnership.memberships.create(cluster=member_cluster, role="member")
    pages = [
        (coordinator, url("join_request_approve", join_request.pk)),
        (coordinator, url("join_request_reject", join_request.pk)),
        (representative_of(cluster), url("join_request_withdraw", join_request.pk)),
        (representative_of(ClusterFactory()), url("partnership_join", partnership.slug)),
        (representative_of(member_cluster), url("partnership_leave", partnership.slug)),
    ]

    for user, page in pages:
        response = client_for(user).get(page)
        assert response.status_code == 200, page
        assert 'name="csrfmiddlewaretoken"' in response.text


def _count_queries(client, page):
    client.get(page)  # warms the per-process caches (content types), as in production
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    return len(queries)


def _partnership_world(rows):
    """A coordinator's view with `rows` calls, partnerships, members and pending requests."""
    partnership = PartnershipFactory()
    for _ in range(rows):
        PartnershipFactory()
        partnership.memberships.create(cluster=ClusterFactory(), role="member")
        PartnershipJoinRequestFactory(partnership=partnership)
    client = client_for(representative_of(partnership.coordinator))
    return tuple(
        _count_queries(client, page)
        for page in (url("call_list"), url("partnership_list"), partnership.get_absolute_url())
    )


def test_the_partnership_pages_run_as_many_queries_for_1_or_20_rows():
    assert _partnership_world(1) == _partnership_world(20)


def test_a_visitor_is_told_how_to_join_a_partnership(client, partnership, applicant):
    visitor = text_of(client.get(partnership.get_absolute_url()))
    member = text_of(client_for(applicant).get(partnership.get_absolute_url()))

    assert f'href="/accounts/login/?next={partnership.get_absolute_url()}"' in visitor
    assert "ask to represent your cluster" in visitor
    assert "Sign in to join" not in member
