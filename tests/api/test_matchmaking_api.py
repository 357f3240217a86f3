"""Matchmaking and the pipeline in the API, under the resource each concerns."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from projects.choices import ProjectStatus
from regions.choices import CohesionCategory
from tests.projects.factories import ProjectFactory, ProjectPartnerFactory
from tests.regions.factories import ClusterFactory, PriorityFactory, RegionFactory, region_with
from tests.thematic_areas.factories import area_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def p():
    return {n: PriorityFactory(code=f"C{n}", name=f"Priority {n}") for n in range(1, 4)}


def test_a_region_s_suggested_areas_come_with_their_reasons(anon, p):
    region_with([p[1], p[2]], code="XA1A")
    area = area_with([p[1], p[2]], name="Batteries")
    area_with([p[3]], name="Nothing shared")

    response = anon.get("/api/v1/regions/xa1a/suggested-areas/")

    assert response.status_code == 200
    [suggestion] = response.json()
    assert suggestion["slug"] == area.slug
    assert suggestion["url"].endswith(f"/api/v1/thematic-areas/{area.slug}/")
    assert suggestion["score"] == 2
    assert [c["code"] for c in suggestion["shared_priorities"]] == ["C1", "C2"]
    assert suggestion["explanation"]


def test_a_region_s_similar_regions_are_scored_by_shared_codes(anon, p):
    region_with([p[1], p[2]], code="XA1A")
    twin = region_with([p[1], p[2], p[3]], code="XA2A")

    [suggestion] = anon.get("/api/v1/regions/XA1A/similar-regions/").json()

    assert suggestion["code"] == twin.code
    assert suggestion["url"].endswith("/api/v1/regions/XA2A/")
    # Jaccard index: 2 shared of 3 priorities between the two.
    assert Decimal(str(suggestion["score"])) == Decimal("0.667")


def test_an_unknown_region_is_404(anon):
    assert anon.get("/api/v1/regions/QQ9/suggested-areas/").status_code == 404
    assert anon.get("/api/v1/regions/QQ9/similar-regions/").status_code == 404


def test_a_project_s_suggested_partners_put_new_countries_first(anon, p):
    area = area_with([p[1], p[2]])
    project = ProjectFactory(
        area=area, status=ProjectStatus.PUBLISHED, lead_region=RegionFactory(code="XA1A")
    )
    home = ClusterFactory(name="Home cluster", region=RegionFactory(code="XA2A"))
    home.priorities.add(p[1], p[2])
    abroad = ClusterFactory(
        name="Abroad cluster",
        region=RegionFactory(
            code="XB1A", country="XB", cohesion_category=CohesionCategory.LESS_DEVELOPED
        ),
    )
    abroad.priorities.add(p[1])
    partner = ClusterFactory(name="Partner cluster")
    partner.priorities.add(p[1], p[2])
    ProjectPartnerFactory(project=project, cluster=partner)

    response = anon.get(f"/api/v1/projects/{project.slug}/suggested-partners/")

    assert response.status_code == 200
    body = response.json()
    assert [s["slug"] for s in body] == [abroad.slug, home.slug]
    assert [s["new_country"] for s in body] == [True, False]
    assert body[0]["url"].endswith(f"/api/v1/clusters/{abroad.slug}/")


def test_a_draft_project_s_partners_are_not_shown_to_others(anon):
    project = ProjectFactory()

    assert anon.get(f"/api/v1/projects/{project.slug}/suggested-partners/").status_code == 404


def test_the_pipeline_in_the_api_is_the_dashboard_s_figures(anon):
    ProjectFactory(status=ProjectStatus.PUBLISHED, total_investment=Decimal("1500.10"))

    api = anon.get("/api/v1/pipeline/").json()
    page = Client().get(reverse("projects:pipeline_json")).json()

    assert api == page
    assert {table["key"] for table in api["tables"]} == {
        "stage",
        "area",
        "gap",
        "country",
        "cohesion",
    }
    assert api["headline"]["projects"] == "1"
