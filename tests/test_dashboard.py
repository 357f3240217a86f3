import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regions.choices import AffiliationStatus
from tests.accounts.factories import UserFactory
from tests.notifications.factories import NotificationFactory
from tests.page_helpers import client_for, text_of
from tests.partnerships.factories import PartnershipFactory, PartnershipJoinRequestFactory
from tests.projects.factories import ProjectFactory
from tests.regions.factories import AffiliationFactory, ClusterFactory, RegionFactory
from tests.thematic_areas.factories import AreaFactory, AreaJoinRequestFactory
from thematic_areas.models import LeadInvitation

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard")


def test_the_dashboard_needs_a_login(client):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_an_unverified_address_is_told_to_verify_first():
    response = client_for(UserFactory(verified=False)).get(DASHBOARD)

    assert response.status_code == 200
    assert "Verify your e-mail address first" in response.text


def test_a_member_without_verified_affiliation_is_told_why_and_where_to_ask(member):
    AffiliationFactory(user=member, status=AffiliationStatus.PENDING)

    response = client_for(member).get(DASHBOARD)

    assert "You cannot act for a region or a cluster organisation yet" in text_of(response)
    assert reverse("regions:affiliation_create") in response.text


def test_my_affiliations_show_their_state_and_the_moderators_reason(member):
    AffiliationFactory(user=member, region=RegionFactory(name="Verified region"))
    AffiliationFactory(
        user=member,
        region=RegionFactory(name="Refused region"),
        status=AffiliationStatus.REJECTED,
        decision_reason="Use your official address.",
    )

    response = client_for(member).get(DASHBOARD)

    assert "Verified region" in response.text and "Refused region" in response.text
    assert "Use your official address." in response.text
    assert "You cannot act" not in text_of(response)
    # Phones show each cell with its column's name.
    assert text_of(response).count('data-ecl-table-header="Moderator\'s reason"') == 2


def test_my_requests_show_their_state_and_a_withdraw_button_while_pending():
    region = RegionFactory()
    user = AffiliationFactory(region=region).user
    pending = AreaJoinRequestFactory(region=region)
    rejected = AreaJoinRequestFactory(
        region=region, status="rejected", decision_reason="Not now.", decided_at="2025-01-01T00:00Z"
    )

    response = client_for(user).get(DASHBOARD)

    assert reverse("thematic_areas:join_request_withdraw", args=[pending.pk]) in response.text
    assert reverse("thematic_areas:join_request_withdraw", args=[rejected.pk]) not in response.text
    assert "Not now." in response.text


def test_decisions_waiting_for_me_have_inline_forms():
    region = RegionFactory()
    user = AffiliationFactory(region=region).user
    area = AreaFactory(lead=region)
    area_request = AreaJoinRequestFactory(area=area)
    partnership = PartnershipFactory(area=area)
    partnership_request = PartnershipJoinRequestFactory(partnership=partnership)
    invitation = LeadInvitation.objects.create(
        area=AreaFactory(), region=region, invited_by=UserFactory()
    )
    AreaJoinRequestFactory()  # Someone else's area: not mine to decide.

    response = client_for(user).get(DASHBOARD)
    body = response.text

    assert reverse("thematic_areas:join_request_approve", args=[area_request.pk]) in body
    assert reverse("thematic_areas:join_request_reject", args=[area_request.pk]) in body
    assert reverse("partnerships:join_request_approve", args=[partnership_request.pk]) in body
    assert reverse("thematic_areas:invitation_accept", args=[invitation.pk]) in body
    assert body.count("/approve/") == 2
    assert f'id="reject-area-{area_request.pk}"' in body


def test_projects_submitted_in_an_area_my_region_leads_wait_for_my_review():
    region = RegionFactory()
    user = AffiliationFactory(region=region).user
    area = AreaFactory(lead=region)
    submitted = ProjectFactory(area=area, status="submitted", title="Hydrogen pilot line")
    ProjectFactory(area=area, status="draft", title="Still a draft")
    ProjectFactory(status="submitted", title="Another area's project")

    body = text_of(client_for(user).get(DASHBOARD))

    assert submitted.get_absolute_url() in body
    assert "Still a draft" not in body
    assert "Another area's project" not in body


def test_a_coordinator_decides_on_requests_to_their_partnership():
    cluster = ClusterFactory()
    user = AffiliationFactory(region=None, cluster=cluster).user
    request = PartnershipJoinRequestFactory(partnership=PartnershipFactory(coordinator=cluster))

    response = client_for(user).get(DASHBOARD)

    assert reverse("partnerships:join_request_reject", args=[request.pk]) in response.text


def test_i_see_my_own_notifications_only(member):
    NotificationFactory(recipient=member, message="Your area was approved.")
    NotificationFactory(message="Someone else's news.")

    response = client_for(member).get(DASHBOARD)

    assert "Your area was approved." in response.text
    assert "Someone else's news." not in response.text


def _dashboard_world(rows):
    """A user who leads an area, coordinates a partnership and has `rows` of everything."""
    region, cluster = RegionFactory(), ClusterFactory()
    user = AffiliationFactory(region=region).user
    AffiliationFactory(user=user, region=None, cluster=cluster)
    area = AreaFactory(lead=region)
    partnership = PartnershipFactory(area=area, coordinator=cluster)
    for _ in range(rows):
        AreaJoinRequestFactory(area=area)
        PartnershipJoinRequestFactory(partnership=partnership)
        AreaJoinRequestFactory(region=region)
        PartnershipJoinRequestFactory(cluster=cluster)
        LeadInvitation.objects.create(area=AreaFactory(), region=region, invited_by=UserFactory())
        NotificationFactory(recipient=user)
        ProjectFactory(area=area, status="submitted")
    return client_for(user)


def _count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return len(queries)


def test_the_dashboard_runs_the_same_queries_with_one_or_five_of_everything():
    one = _count_queries(_dashboard_world(1))
    five = _count_queries(_dashboard_world(5))

    assert one == five


def test_a_long_list_of_decisions_shows_twenty_and_links_to_them_all_paged():
    region = RegionFactory()
    user = AffiliationFactory(region=region).user
    area = AreaFactory(lead=region)
    requests = AreaJoinRequestFactory.create_batch(30, area=area)
    client = client_for(user)

    dashboard = client.get(DASHBOARD).text
    approve = [reverse("thematic_areas:join_request_approve", args=[r.pk]) for r in requests]

    assert sum(url in dashboard for url in approve) == 20
    all_url = reverse("decisions_waiting", args=["areas"])
    assert f'href="{all_url}">See all 30 waiting</a>' in dashboard
    first = client.get(all_url)
    second = client.get(all_url, {"page": 2}).text
    assert "30 waiting for your decision, oldest first." in first.text
    assert sum(url in first.text for url in approve) == 25
    assert sum(url in second for url in approve) == 5
    # Deciding from the page comes back to it.
    assert f'name="next" value="{all_url}"' in first.text


def test_the_decisions_pages_are_the_users_own():
    region = RegionFactory()
    AreaJoinRequestFactory(area=AreaFactory(lead=region))
    stranger = client_for(UserFactory())

    page = stranger.get(reverse("decisions_waiting", args=["areas"])).text

    assert "/approve/" not in page
    assert "Nothing is waiting for your decision." in page
    assert stranger.get(reverse("decisions_waiting", args=["nothing"])).status_code == 404


def test_a_dashboard_with_many_decisions_costs_one_query_more_than_with_few():
    region = RegionFactory()
    user = AffiliationFactory(region=region).user
    area = AreaFactory(lead=region)
    AreaJoinRequestFactory.create_batch(2, area=area)
    client = client_for(user)
    client.get(DASHBOARD)
    with CaptureQueriesContext(connection) as few:
        client.get(DASHBOARD)
    AreaJoinRequestFactory.create_batch(40, area=area)
    with CaptureQueriesContext(connection) as many:
        client.get(DASHBOARD)

    # The count of a cut list, and nothing per row.
    assert len(many) == len(few) + 1
