"""The API lists take the list pages' filters, plus ?search= and ?ordering=."""

import datetime

import pytest
from django.utils import timezone

from projects.choices import ProjectStatus, Stage
from regions.models import Cluster
from tests.partnerships.factories import CallFactory, PartnershipFactory
from tests.projects.factories import ProjectFactory
from tests.regions.factories import ClusterFactory, RegionFactory
from tests.thematic_areas.factories import AreaFactory, AreaJoinRequestFactory, MembershipFactory
from thematic_areas.choices import AreaStatus

pytestmark = pytest.mark.django_db

API = "/api/v1"


def keys(response, key="slug"):
    assert response.status_code == 200, response.content
    return [row[key] for row in response.json()["results"]]


def test_regions_filter_by_level_and_country(anon):
    region = RegionFactory()
    assert keys(anon.get(f"{API}/regions/?level=2&country=xa"), "code") == [region.code]
    assert keys(anon.get(f"{API}/regions/?level=1"), "code") == [region.parent.code]


def test_an_unknown_filter_value_is_400_with_the_field(anon, db):
    response = anon.get(f"{API}/regions/?level=7")
    assert response.status_code == 400
    assert "level" in response.json()
    assert "country" in anon.get(f"{API}/regions/?country=Spain").json()


def test_areas_filter_by_member_region_and_status(anon):
    region = RegionFactory()
    joined = AreaFactory()
    MembershipFactory(area=joined, region=region)
    AreaFactory()
    assert keys(anon.get(f"{API}/thematic-areas/?member_region={region.code}")) == [joined.slug]
    assert keys(anon.get(f"{API}/thematic-areas/?status=proposed")) == []


def test_a_filter_never_reveals_hidden_rows(anon):
    proposal = AreaFactory(status=AreaStatus.PROPOSED)
    assert keys(anon.get(f"{API}/thematic-areas/?status=proposed&q={proposal.name}")) == []


def test_updated_since_narrows_to_recent_changes(anon):
    old = ClusterFactory()
    Cluster.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=30)
    )
    new = ClusterFactory()
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert keys(anon.get(f"{API}/clusters/", {"updated_since": since})) == [new.slug]
    assert anon.get(f"{API}/clusters/?updated_since=yesterday").status_code == 400


def test_changed_within_a_period_narrows_to_recent_changes(anon):
    old = ClusterFactory()
    Cluster.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=40)
    )
    new = ClusterFactory()

    assert keys(anon.get(f"{API}/clusters/", {"changed": "30"})) == [new.slug]
    assert sorted(keys(anon.get(f"{API}/clusters/", {"changed": "90"}))) == sorted(
        [old.slug, new.slug]
    )
    assert anon.get(f"{API}/clusters/?changed=12").status_code == 400


def test_open_calls_and_their_partnerships(anon):
    today = timezone.localdate()
    closed = CallFactory(
        opens_on=today - datetime.timedelta(days=20), closes_on=today - datetime.timedelta(days=2)
    )
    open_call = CallFactory()
    assert keys(anon.get(f"{API}/calls/?state=open")) == [open_call.slug]
    with_open = PartnershipFactory(call=open_call)
    PartnershipFactory(call=closed)
    assert keys(anon.get(f"{API}/partnerships/?call=open")) == [with_open.slug]


def test_projects_filter_by_stage_and_area(anon):
    area = AreaFactory()
    scaling = ProjectFactory(area=area, stage=Stage.SCALE_UP, status=ProjectStatus.PUBLISHED)
    ProjectFactory(area=area, status=ProjectStatus.PUBLISHED)
    assert keys(anon.get(f"{API}/projects/?stage=scale_up&area={area.slug}")) == [scaling.slug]


def test_search_and_ordering(anon):
    ClusterFactory(name="Basque machine tools")
    ClusterFactory(name="Aragon logistics")
    assert keys(anon.get(f"{API}/clusters/?search=machine"), "name") == ["Basque machine tools"]
    assert keys(anon.get(f"{API}/clusters/?ordering=-name"), "name") == [
        "Basque machine tools",
        "Aragon logistics",
    ]
    assert anon.get(f"{API}/clusters/?ordering=password").status_code == 400


def test_projects_order_on_explicit_fields_only(anon):
    cheap = ProjectFactory(status=ProjectStatus.PUBLISHED, total_investment=10)
    dear = ProjectFactory(status=ProjectStatus.PUBLISHED, total_investment=1000)
    assert keys(anon.get(f"{API}/projects/?ordering=-total_investment")) == [dear.slug, cheap.slug]
    # An unknown field is refused, never used to order (or leak) by it.
    assert anon.get(f"{API}/projects/?ordering=created_by__password").status_code == 400


def test_join_requests_filter_by_status(moderator_api):
    AreaJoinRequestFactory()
    assert len(keys(moderator_api.get(f"{API}/area-join-requests/?status=pending"), "id")) == 1
    assert keys(moderator_api.get(f"{API}/area-join-requests/?status=approved"), "id") == []
    assert moderator_api.get(f"{API}/area-join-requests/?status=maybe").status_code == 400
