import pytest
from django.test import Client
from django.urls import reverse

from portal.maps import area_map_values
from portal.matchmaking import area_coverage
from tests.regions.factories import PriorityFactory, nuts_region
from tests.thematic_areas.factories import AreaFactory, MembershipFactory
from thematic_areas.choices import AreaStatus, MembershipRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def area():
    """Led by BE2 (NUTS 1) with BE21 as a member; ES70 brings its missing priority C2."""
    c1, c2 = PriorityFactory(code="C1"), PriorityFactory(code="C2")
    lead = nuts_region("BE2")
    lead.priorities.add(c1)
    area = AreaFactory(lead=lead)
    area.priorities.add(c1, c2)
    MembershipFactory(area=area, region=nuts_region("BE21"), role=MembershipRole.MEMBER)
    MembershipFactory(area=area, region=nuts_region("SE224"), role=MembershipRole.MEMBER)
    nuts_region("ES70").priorities.add(c2)
    nuts_region("BE22").priorities.add(c2)
    return area


def test_the_area_map_shows_leads_members_and_suggested_regions(area):
    memberships = area.memberships.current().select_related("region")
    values = area_map_values(memberships, area_coverage(area))

    assert values == {
        "BE21": "lead",  # a member itself, but inside the leading NUTS 1 region
        "BE22": "lead",  # would bring C2, but already leads through BE2
        "BE23": "lead",
        "BE24": "lead",
        "BE25": "lead",
        "SE22": "member",
        "ES70": "suggested",
    }


def test_the_competences_page_draws_the_area_map(area):
    body = Client().get(reverse("projects:area_matches", args=[area.slug])).content.decode()

    assert body.count('class="region-map__region"') == 242
    assert "<title>Canarias (ES70): Would bring a missing priority</title>" in body
    assert "<title>Stockholm (SE11): None</title>" in body


def test_the_area_page_draws_suggested_regions_on_the_map_and_in_its_table(area):
    body = Client().get(area.get_absolute_url()).content.decode()

    assert 'id="map-area"' in body
    assert "Would bring a missing priority</li>" in body  # the legend
    assert "<title>Canarias (ES70): Would bring a missing priority</title>" in body
    table = body[body.index('id="map-area-data"') :]
    assert (
        '<td class="ecl-table__cell">ES70</td><th class="ecl-table__cell" scope="row">'
        '<a class="ecl-link" href="/regions/ES70/">Canarias</a></th>'
        '<td class="ecl-table__cell">Would bring a missing priority</td>'
    ) in table


def test_a_closed_area_maps_its_leads_and_members_without_suggestions(area):
    area.status = AreaStatus.CLOSED
    area.save()

    body = Client().get(area.get_absolute_url()).content.decode()

    assert 'id="map-area-members"' in body
    assert "Would bring a missing priority" not in body
    assert "<title>Canarias (ES70): None</title>" in body
