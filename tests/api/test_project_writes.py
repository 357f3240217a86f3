"""Project writes go through projects.services, with the pages' permissions."""

import pytest

from projects.choices import ProjectStatus, Stage
from projects.models import InvestmentProject, StageChange
from tests.projects.factories import FundingSourceFactory, ProjectFactory
from tests.regions.factories import ClusterFactory, RegionFactory, representative_of
from tests.thematic_areas.factories import AreaFactory, MembershipFactory

from .conftest import token_client

pytestmark = pytest.mark.django_db

API = "/api/v1/projects"


def new_project(area, **fields):
    return {
        "area": area.slug,
        "title": "Shared pilot line",
        "summary": "A pilot line for additive manufacturing.",
        "trl": 5,
        "total_investment": 2500000,
        **fields,
    }


@pytest.fixture
def member_region():
    area = AreaFactory()
    region = MembershipFactory(area=area).region
    return area, region, token_client(representative_of(region))


def test_a_member_regions_representative_creates_a_draft(member_region, anon):
    area, region, client = member_region
    response = client.post(f"{API}/", new_project(area, region=region.code), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["lead_region"] == region.code
    assert body["total_investment"] == "2500000.00"  # money as an exact decimal string
    assert anon.get(body["url"]).status_code == 404


def test_a_region_outside_the_area_cannot_create_a_project():
    area = AreaFactory()
    region = RegionFactory()
    client = token_client(representative_of(region))
    response = client.post(f"{API}/", new_project(area, region=region.code), format="json")
    assert response.status_code == 400
    assert "organisation" in response.json()
    assert not InvestmentProject.objects.exists()


def test_creating_for_a_region_one_does_not_represent_is_403(member_region, member_api):
    area, region, _client = member_region
    response = member_api.post(f"{API}/", new_project(area, region=region.code), format="json")
    assert response.status_code == 403


def test_the_organisation_is_a_region_or_a_cluster_not_both(member_region):
    area, region, client = member_region
    cluster = ClusterFactory()
    for organisation in ({}, {"region": region.code, "cluster": cluster.slug}):
        response = client.post(f"{API}/", new_project(area, **organisation), format="json")
        assert response.status_code == 400
        assert "region" in response.json()
    assert not InvestmentProject.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [{"trl": 10}, {"trl": "high"}, {"total_investment": -1}, {"title": "x" * 201}, {"id": 3}],
)
def test_bad_project_fields_are_400(member_region, bad):
    area, region, client = member_region
    response = client.post(f"{API}/", new_project(area, region=region.code, **bad), format="json")
    assert response.status_code == 400
    assert set(bad) <= set(response.json())


def test_a_representative_edits_submits_and_a_lead_publishes(member_region):
    area, region, client = member_region
    url = client.post(f"{API}/", new_project(area, region=region.code), format="json").json()["url"]
    edited = client.patch(url, {"trl": 6, "title": "Pilot line 2"}, format="json")
    assert edited.json()["trl"] == 6
    assert client.post(f"{url}stage/", {"stage": "scoping"}, format="json").json()["stage"] == (
        Stage.SCOPING
    )
    assert client.post(f"{url}submit/").json()["status"] == ProjectStatus.SUBMITTED
    assert client.post(f"{url}publish/").status_code == 403
    lead = token_client(representative_of(area.proposing_region))
    assert lead.post(f"{url}publish/").json()["status"] == ProjectStatus.PUBLISHED
    assert StageChange.objects.filter(to_stage=Stage.SCOPING).exists()


def test_a_lead_returns_a_submitted_project_with_a_reason(member_region):
    area, region, _client = member_region
    project = ProjectFactory(area=area, lead_region=region, status=ProjectStatus.SUBMITTED)
    lead = token_client(representative_of(area.proposing_region))
    url = f"{API}/{project.slug}/return/"
    assert lead.post(url).status_code == 400
    returned = lead.post(url, {"reason": "Add the partners."}, format="json")
    assert returned.json()["status"] == ProjectStatus.DRAFT


def test_outsiders_cannot_edit_a_published_project(member_api):
    project = ProjectFactory(status=ProjectStatus.PUBLISHED)
    response = member_api.patch(f"{API}/{project.slug}/", {"title": "Mine"}, format="json")
    assert response.status_code == 403
    assert member_api.post(f"{API}/{project.slug}/archive/").status_code == 403


def test_funding_above_the_total_needs_confirmation(member_region):
    area, region, client = member_region
    project = ProjectFactory(area=area, lead_region=region, total_investment=1000)
    FundingSourceFactory(project=project, amount=900)
    url = f"{API}/{project.slug}/"
    refused = client.patch(url, {"total_investment": 500}, format="json")
    assert refused.status_code == 400
    assert "confirm_oversubscription" in refused.json()
    confirmed = client.patch(
        url, {"total_investment": 500, "confirm_oversubscription": True}, format="json"
    )
    assert confirmed.json()["total_investment"] == "500.00"


def test_a_project_cannot_be_deleted(moderator_api):
    project = ProjectFactory()
    assert moderator_api.delete(f"{API}/{project.slug}/").status_code == 405


@pytest.mark.parametrize("status", [ProjectStatus.DRAFT, ProjectStatus.PUBLISHED])
def test_publishing_without_the_right_to_review_is_403_whatever_the_status(member_region, status):
    area, region, client = member_region
    project = ProjectFactory(area=area, lead_region=region, status=status)

    response = client.post(f"{API}/{project.slug}/publish/")

    assert response.status_code == 403
    project.refresh_from_db()
    assert project.status == status
