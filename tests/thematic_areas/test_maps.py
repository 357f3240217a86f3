import pytest

from tests.regions.factories import nuts_region
from tests.thematic_areas.factories import AreaFactory, MembershipFactory
from thematic_areas.maps import membership_values
from thematic_areas.models import AreaMembership

pytestmark = pytest.mark.django_db


def test_leads_win_over_members_and_a_nuts1_member_colours_its_nuts2_parts():
    area = AreaFactory(lead=nuts_region("BE21"))
    MembershipFactory(area=area, region=nuts_region("BE2"))
    MembershipFactory(area=area, region=nuts_region("ES511"))

    values = membership_values(AreaMembership.objects.filter(area=area).select_related("region"))

    assert values["BE21"] == "lead"
    assert values["BE22"] == values["BE25"] == "member"
    assert values["ES51"] == "member"
    assert "ES52" not in values


def test_the_area_page_maps_its_leads_and_members(client):
    area = AreaFactory(lead=nuts_region("ITC4"))
    MembershipFactory(area=area, region=nuts_region("BE21"))

    body = client.get(area.get_absolute_url()).content.decode()

    assert 'id="map-area"' in body
    assert 'href="/regions/ITC4/"' in body and 'href="/regions/BE21/"' in body
    assert "Leads the area" in body and "Member of the area" in body
