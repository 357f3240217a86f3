import pytest
from django.urls import reverse

from tests.regions.factories import ClusterFactory, RegionFactory
from tests.thematic_areas.factories import AreaFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_home_page_shows_newest_active_areas_and_not_proposals(client):
    AreaFactory(name="Efficient and Sustainable Manufacturing")
    AreaFactory(name="Secret proposal", status="proposed")

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "Efficient and Sustainable Manufacturing" in response.text
    assert "Secret proposal" not in response.text


def test_home_page_is_translated_under_a_language_prefix(client):
    response = client.get("/fr/")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "fr"


def test_region_page_shows_the_areas_it_takes_part_in_and_its_clusters(client):
    region = RegionFactory(name="Cataluña")
    area = AreaFactory(name="Circular economy", lead=region)
    MembershipFactory(region=region, area=AreaFactory(name="Hidden proposal", status="proposed"))
    ClusterFactory(region=region, name="Published cluster")
    ClusterFactory(region=region, name="Pending cluster", status="pending")

    response = client.get(region.get_absolute_url())

    assert response.status_code == 200
    assert "Cataluña" in response.text
    assert area.name in response.text
    assert "Hidden proposal" not in response.text
    assert "Published cluster" in response.text
    assert "Pending cluster" not in response.text


def test_region_page_accepts_a_lower_case_code_and_404s_an_unknown_one(client):
    region = RegionFactory()

    assert client.get(f"/regions/{region.code.lower()}/").status_code == 200
    assert client.get("/regions/ZZ9/").status_code == 404
