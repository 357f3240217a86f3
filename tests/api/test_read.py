"""Every resource can be read, and anonymous callers see public data only."""

import pytest

from regions.choices import ClusterStatus
from tests.notifications.factories import NotificationFactory
from tests.partnerships.factories import (
    CallFactory,
    PartnershipFactory,
    PartnershipJoinRequestFactory,
)
from tests.projects.factories import FundingSourceFactory, ProjectFactory, ProjectPartnerFactory
from tests.regions.factories import (
    ClusterFactory,
    PriorityFactory,
    RegionFactory,
    RegionPriorityFactory,
    representative_of,
)
from tests.thematic_areas.factories import AreaFactory, AreaJoinRequestFactory, MembershipFactory
from thematic_areas.choices import AreaStatus

from .conftest import token_client

pytestmark = pytest.mark.django_db

API = "/api/v1"


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_regions_are_looked_up_by_nuts_code_with_links_not_ids(anon):
    region = RegionFactory()
    RegionPriorityFactory(region=region, priority=PriorityFactory(scheme="nace", code="C25"))
    body = anon.get(f"{API}/regions/{region.code}/").json()
    assert body["code"] == region.code
    assert body["parent"] == region.parent.code
    assert body["parent_url"].endswith(f"/api/v1/regions/{region.parent.code}/")
    assert body["priorities"] == ["nace:C25"]
    assert "id" not in body


def test_a_region_code_is_found_whatever_its_case(anon):
    region = RegionFactory()
    assert anon.get(f"{API}/regions/{region.code.lower()}/").json()["code"] == region.code


def test_an_unknown_region_is_404(anon, db):
    assert anon.get(f"{API}/regions/ZZ9/").status_code == 404


def test_priorities_are_listed_with_their_key(anon):
    PriorityFactory(scheme="nabs", code="07", name="Industrial production")
    [priority] = results(anon.get(f"{API}/priorities/"))
    assert priority["key"] == "nabs:07"
    assert anon.get(priority["url"]).json()["name"] == "Industrial production"


def test_anonymous_callers_see_only_published_clusters(anon):
    published = ClusterFactory()
    pending = ClusterFactory(status=ClusterStatus.PENDING)
    assert [c["slug"] for c in results(anon.get(f"{API}/clusters/"))] == [published.slug]
    assert anon.get(f"{API}/clusters/{pending.slug}/").status_code == 404


def test_a_clusters_representative_sees_its_pending_profile():
    pending = ClusterFactory(status=ClusterStatus.PENDING)
    client = token_client(representative_of(pending))
    assert client.get(f"{API}/clusters/{pending.slug}/").status_code == 200


def test_moderators_see_every_cluster(moderator_api):
    ClusterFactory(status=ClusterStatus.PENDING)
    ClusterFactory(status=ClusterStatus.REJECTED)
    assert len(results(moderator_api.get(f"{API}/clusters/"))) == 2


def test_proposed_areas_stay_hidden_from_outsiders(anon, member_api):
    active = AreaFactory()
    proposal = AreaFactory(status=AreaStatus.PROPOSED)
    for client in (anon, member_api):
        assert [a["slug"] for a in results(client.get(f"{API}/thematic-areas/"))] == [active.slug]
        assert client.get(f"{API}/thematic-areas/{proposal.slug}/").status_code == 404
    proposer = token_client(representative_of(proposal.proposing_region))
    assert proposer.get(f"{API}/thematic-areas/{proposal.slug}/").status_code == 200


def test_an_area_shows_its_leads_members_and_history(anon):
    area = AreaFactory()
    member = MembershipFactory(area=area)
    former = MembershipFactory(area=area)
    former.left_at = former.joined_at
    former.save()
    body = anon.get(f"{API}/thematic-areas/{area.slug}/").json()
    assert body["lead_regions"] == [area.proposing_region.code]
    assert sorted(body["member_regions"]) == sorted(
        [area.proposing_region.code, member.region.code]
    )
    members = results(anon.get(body["members_url"]))
    assert [m["region"] for m in members] == [area.proposing_region.code, member.region.code]
    assert members[0]["role"] == "lead"
    history = results(anon.get(body["membership_history_url"]))
    assert {m["region"] for m in history} == {
        area.proposing_region.code,
        member.region.code,
        former.region.code,
    }


def test_a_proposals_members_are_as_hidden_as_the_proposal(anon):
    proposal = AreaFactory(status=AreaStatus.PROPOSED)
    assert anon.get(f"{API}/thematic-areas/{proposal.slug}/members/").status_code == 404
    assert anon.get(f"{API}/thematic-areas/{proposal.slug}/membership-history/").status_code == 404


def test_a_region_lists_the_visible_areas_it_is_a_member_of(anon):
    region = RegionFactory()
    area = AreaFactory(lead=region)
    AreaFactory()
    hidden = AreaFactory(status=AreaStatus.PROPOSED, proposing_region=region)
    MembershipFactory(area=hidden, region=region)
    assert [a["slug"] for a in results(anon.get(f"{API}/regions/{region.code}/areas/"))] == [
        area.slug
    ]
    assert anon.get(f"{API}/regions/ZZ9/areas/").status_code == 404


def test_area_join_requests_are_seen_by_applicant_leads_and_moderators(moderator_api):
    join_request = AreaJoinRequestFactory()
    url = f"{API}/area-join-requests/{join_request.pk}/"
    applicant = token_client(representative_of(join_request.region))
    lead = token_client(representative_of(join_request.area.proposing_region))
    outsider = token_client(representative_of(RegionFactory()))
    for client in (applicant, lead, moderator_api):
        assert client.get(url).json()["region"] == join_request.region.code
    assert outsider.get(url).status_code == 404
    assert results(outsider.get(f"{API}/area-join-requests/")) == []


def test_calls_say_whether_they_are_open(anon):
    call = CallFactory()
    body = anon.get(f"{API}/calls/{call.slug}/").json()
    assert body["is_open"] is True
    assert body["opens_on"] == call.opens_on.isoformat()
    # A blank link is null, as the schema says, not an empty string.
    assert body["official_page"] is None


def test_partnerships_show_their_members_and_links(anon):
    partnership = PartnershipFactory()
    body = anon.get(f"{API}/partnerships/{partnership.slug}/").json()
    assert body["area"] == partnership.area.slug
    assert body["coordinator"] == partnership.coordinator.slug
    assert body["member_clusters"] == [partnership.coordinator.slug]
    assert anon.get(body["call_url"]).json()["slug"] == partnership.call.slug


def test_partnerships_of_hidden_areas_are_hidden(anon):
    partnership = PartnershipFactory(area=AreaFactory(status=AreaStatus.PROPOSED))
    assert anon.get(f"{API}/partnerships/{partnership.slug}/").status_code == 404


def test_partnership_join_requests_are_seen_by_applicant_and_coordinator():
    join_request = PartnershipJoinRequestFactory()
    url = f"{API}/partnership-join-requests/{join_request.pk}/"
    applicant = token_client(representative_of(join_request.cluster))
    coordinator = token_client(representative_of(join_request.partnership.coordinator))
    outsider = token_client(representative_of(ClusterFactory()))
    assert applicant.get(url).status_code == 200
    assert coordinator.get(url).status_code == 200
    assert outsider.get(url).status_code == 404


def test_draft_projects_are_seen_only_by_their_region_and_moderators(
    anon, member_api, moderator_api
):
    published = ProjectFactory(status="published")
    draft = ProjectFactory()
    for client in (anon, member_api):
        assert [p["slug"] for p in results(client.get(f"{API}/projects/"))] == [published.slug]
        assert client.get(f"{API}/projects/{draft.slug}/").status_code == 404
        assert client.get(f"{API}/projects/{draft.slug}/partners/").status_code == 404
    lead = token_client(representative_of(draft.lead_region))
    assert lead.get(f"{API}/projects/{draft.slug}/").status_code == 200
    assert len(results(moderator_api.get(f"{API}/projects/"))) == 2


def test_a_projects_partners_and_funding_are_listed(anon):

    project = ProjectFactory(status="published")
    partner = ProjectPartnerFactory(project=project, region=project.lead_region)
    FundingSourceFactory(project=project, amount=1500000)
    [row] = results(anon.get(f"{API}/projects/{project.slug}/partners/"))
    assert row["organisation_name"] == partner.organisation_name
    assert row["region"] == project.lead_region.code
    [funding] = results(anon.get(f"{API}/projects/{project.slug}/funding/"))
    assert funding["amount"] == "1500000.00"


def test_notifications_can_be_marked_read(member, member_api):
    first, second = NotificationFactory.create_batch(2, recipient=member)
    body = member_api.post(f"{API}/notifications/{first.pk}/read/").json()
    assert body["read_at"] is not None
    assert member_api.post(f"{API}/notifications/read-all/").json() == {"marked_read": 1}
    second.refresh_from_db()
    assert second.read_at is not None
