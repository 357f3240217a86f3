"""Writes go through the workflow services: the API allows exactly what the pages allow."""

import datetime

import pytest
from django.utils import timezone

from notifications.models import Notification
from partnerships.models import PartnershipJoinRequest, PartnershipMembership
from regions.choices import ClusterStatus
from tests.partnerships.factories import (
    CallFactory,
    PartnershipFactory,
    PartnershipJoinRequestFactory,
)
from tests.regions.factories import (
    ClusterFactory,
    PriorityFactory,
    RegionFactory,
    representative_of,
)
from tests.thematic_areas.factories import AreaFactory, AreaJoinRequestFactory
from thematic_areas.choices import AreaStatus
from thematic_areas.models import AreaJoinRequest, AreaMembership, ThematicArea

from .conftest import token_client

pytestmark = pytest.mark.django_db

API = "/api/v1"


def proposal(region, **overrides):
    return {
        "region": region.code,
        "name": "Hydrogen valleys",
        "summary": "Regions building hydrogen value chains.",
        "objectives": "Connect electrolyser makers with users.",
        "action_plan": "Map the valleys, then match projects.",
        **overrides,
    }


def test_a_region_representative_proposes_an_area():
    region = RegionFactory()
    PriorityFactory(scheme="nace", code="D35")
    client = token_client(representative_of(region))
    response = client.post(
        f"{API}/thematic-areas/", proposal(region, priorities=["nace:D35"]), format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "proposed"
    assert body["proposing_region"] == region.code
    assert body["priorities"] == ["nace:D35"]
    assert ThematicArea.objects.get(slug=body["slug"]).proposed_by is not None


def test_proposing_for_a_region_one_does_not_represent_is_403(member_api):
    region = RegionFactory()
    response = member_api.post(f"{API}/thematic-areas/", proposal(region), format="json")
    assert response.status_code == 403
    assert "represent" in response.json()["detail"]
    assert not ThematicArea.objects.exists()


def test_a_proposal_without_scoping_note_is_400_with_field_messages():
    region = RegionFactory()
    client = token_client(representative_of(region))
    response = client.post(
        f"{API}/thematic-areas/", proposal(region, objectives="", action_plan=""), format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"objectives", "action_plan"}


def test_anonymous_callers_cannot_write(anon):
    region = RegionFactory()
    assert anon.post(f"{API}/thematic-areas/", proposal(region), format="json").status_code == 401


def test_a_moderator_approves_a_proposal_and_the_region_leads(moderator_api):
    area = AreaFactory(status=AreaStatus.PROPOSED)
    response = moderator_api.post(f"{API}/thematic-areas/{area.slug}/approve/")
    assert response.status_code == 200
    assert response.json()["lead_regions"] == [area.proposing_region.code]
    again = moderator_api.post(f"{API}/thematic-areas/{area.slug}/approve/")
    assert again.status_code == 400
    assert "already decided" in again.json()["non_field_errors"][0]


def test_a_proposer_cannot_approve_their_own_proposal():
    area = AreaFactory(status=AreaStatus.PROPOSED)
    client = token_client(representative_of(area.proposing_region))
    assert client.post(f"{API}/thematic-areas/{area.slug}/approve/").status_code == 403
    area.refresh_from_db()
    assert area.status == AreaStatus.PROPOSED


def test_rejecting_a_proposal_needs_a_reason(moderator_api):
    area = AreaFactory(status=AreaStatus.PROPOSED)
    url = f"{API}/thematic-areas/{area.slug}/reject/"
    assert moderator_api.post(url, {}, format="json").json() == {
        "reason": ["Give a reason the proposers will see."]
    }
    response = moderator_api.post(url, {"reason": "Overlaps an existing area."}, format="json")
    assert response.json()["status"] == "rejected"


def test_a_region_asks_to_join_an_area_and_a_lead_approves():
    area = AreaFactory()
    region = RegionFactory()
    applicant = token_client(representative_of(region))
    response = applicant.post(
        f"{API}/area-join-requests/",
        {"area": area.slug, "region": region.code, "statement": "We bring two pilot lines."},
        format="json",
    )
    assert response.status_code == 201, response.content
    request_url = response.json()["url"]
    lead = token_client(representative_of(area.proposing_region))
    assert applicant.post(f"{request_url}approve/").status_code == 403
    decided = lead.post(f"{request_url}approve/", {"reason": "Welcome."}, format="json")
    assert decided.json()["status"] == "approved"
    assert AreaMembership.objects.current().filter(area=area, region=region).exists()


def test_a_lead_rejects_with_a_reason_and_the_applicant_hears_of_it():
    join_request = AreaJoinRequestFactory()
    lead = token_client(representative_of(join_request.area.proposing_region))
    url = f"{API}/area-join-requests/{join_request.pk}/reject/"
    assert lead.post(url).status_code == 400
    response = lead.post(url, {"reason": "Outside the area's scope."}, format="json")
    assert response.json()["decision_reason"] == "Outside the area's scope."
    assert Notification.objects.filter(recipient=join_request.requested_by).exists()


def test_the_applicant_withdraws_but_an_outsider_cannot():
    join_request = AreaJoinRequestFactory()
    url = f"{API}/area-join-requests/{join_request.pk}/withdraw/"
    lead = token_client(representative_of(join_request.area.proposing_region))
    assert lead.post(url).status_code == 403
    applicant = token_client(representative_of(join_request.region))
    assert applicant.post(url).json()["status"] == "withdrawn"
    assert applicant.post(url).status_code == 400


def test_joining_a_hidden_area_looks_like_an_unknown_area():
    region = RegionFactory()
    hidden = AreaFactory(status=AreaStatus.PROPOSED)
    client = token_client(representative_of(region))
    response = client.post(
        f"{API}/area-join-requests/",
        {"area": hidden.slug, "region": region.code, "statement": "Us too."},
        format="json",
    )
    assert response.status_code == 400
    assert "area" in response.json()
    assert not AreaJoinRequest.objects.exists()


def test_a_second_pending_request_is_a_409_conflict():
    join_request = AreaJoinRequestFactory()
    client = token_client(representative_of(join_request.region))
    response = client.post(
        f"{API}/area-join-requests/",
        {"area": join_request.area.slug, "region": join_request.region.code, "statement": "Again"},
        format="json",
    )
    assert response.status_code == 409
    assert response.json() == {
        "non_field_errors": [f"{join_request.region} already has a pending request for this area."]
    }
    assert AreaJoinRequest.objects.count() == 1


def test_a_cluster_joins_a_partnership_while_its_call_is_open():
    partnership = PartnershipFactory()
    cluster = ClusterFactory()
    client = token_client(representative_of(cluster))
    response = client.post(
        f"{API}/partnership-join-requests/",
        {"partnership": partnership.slug, "cluster": cluster.slug, "statement": "40 SMEs."},
        format="json",
    )
    assert response.status_code == 201, response.content
    coordinator = token_client(representative_of(partnership.coordinator))
    approved = coordinator.post(f"{response.json()['url']}approve/")
    assert approved.json()["status"] == "approved"
    assert PartnershipMembership.objects.current().filter(cluster=cluster).exists()


def test_a_closed_call_refuses_requests_with_a_message():
    today = timezone.localdate()
    closed = CallFactory(
        opens_on=today - datetime.timedelta(days=30), closes_on=today - datetime.timedelta(days=1)
    )
    partnership = PartnershipFactory(call=closed)
    cluster = ClusterFactory()
    client = token_client(representative_of(cluster))
    response = client.post(
        f"{API}/partnership-join-requests/",
        {"partnership": partnership.slug, "cluster": cluster.slug, "statement": "40 SMEs."},
        format="json",
    )
    assert response.status_code == 400
    assert "closed" in response.json()["non_field_errors"][0]
    assert not PartnershipJoinRequest.objects.exists()


def test_partnership_requests_are_rejected_and_withdrawn_by_the_right_people():
    join_request = PartnershipJoinRequestFactory()
    base = f"{API}/partnership-join-requests/{join_request.pk}"
    applicant = token_client(representative_of(join_request.cluster))
    assert applicant.post(f"{base}/reject/", {"reason": "No."}, format="json").status_code == 403
    assert applicant.post(f"{base}/withdraw/").json()["status"] == "withdrawn"
    second = PartnershipJoinRequestFactory()
    lead = token_client(representative_of(second.partnership.area.proposing_region))
    rejected = lead.post(
        f"{API}/partnership-join-requests/{second.pk}/reject/",
        {"reason": "Full."},
        format="json",
    )
    assert rejected.json()["status"] == "rejected"


def test_a_cluster_representative_edits_the_profile():
    cluster = ClusterFactory()
    PriorityFactory(scheme="nace", code="C28")
    client = token_client(representative_of(cluster))
    response = client.patch(
        f"{API}/clusters/{cluster.slug}/",
        {
            "description": "Machinery makers of the valley.",
            "members_large": 4,
            "priorities": ["nace:C28"],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["description"] == "Machinery makers of the valley."
    assert body["priorities"] == ["nace:C28"]
    assert body["status"] == ClusterStatus.PUBLISHED


def test_nobody_else_edits_a_cluster_profile(member_api):
    cluster = ClusterFactory()
    other = token_client(representative_of(ClusterFactory()))
    for client in (member_api, other):
        response = client.patch(
            f"{API}/clusters/{cluster.slug}/", {"name": "Taken over"}, format="json"
        )
        assert response.status_code == 403
    cluster.refresh_from_db()
    assert cluster.name != "Taken over"


def test_the_cluster_profile_cannot_be_replaced_or_deleted():
    cluster = ClusterFactory()
    client = token_client(representative_of(cluster))
    assert client.put(f"{API}/clusters/{cluster.slug}/", {}, format="json").status_code == 405
    assert client.delete(f"{API}/clusters/{cluster.slug}/").status_code == 405
