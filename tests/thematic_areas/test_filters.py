import datetime

import pytest
from django.utils import timezone

from tests.regions.factories import PriorityFactory, RegionFactory
from tests.thematic_areas.factories import AreaFactory, MembershipFactory
from thematic_areas.choices import AreaStatus, Phase
from thematic_areas.filters import AreaFilter
from thematic_areas.models import ThematicArea

pytestmark = pytest.mark.django_db


def names(data):
    filterset = AreaFilter(data, ThematicArea.objects.all())
    assert filterset.is_valid(), filterset.errors
    return {area.name for area in filterset.qs}


def test_it_narrows_by_status_and_phase():
    AreaFactory(name="Active learning", phase=Phase.LEARN)
    AreaFactory(name="Closed scaling", status=AreaStatus.CLOSED, phase=Phase.SCALE_UP)
    assert names({"status": "closed"}) == {"Closed scaling"}
    assert names({"phase": "learn"}) == {"Active learning"}


def test_it_narrows_by_priority_code():
    priority = PriorityFactory(code="25")
    AreaFactory(name="Metals").priorities.add(priority)
    AreaFactory(name="Tourism")
    assert names({"priority": "nace:C25"}) == {"Metals"}


def test_lead_region_matches_current_leads_only_by_nuts_code():
    lead = RegionFactory(code="XA11")
    AreaFactory(name="Led", lead=lead)
    MembershipFactory(area=AreaFactory(name="Joined"), region=lead)
    assert names({"lead_region": "xa11"}) == {"Led"}
    assert names({"member_region": "XA11"}) == {"Led", "Joined"}


def test_member_region_ignores_regions_that_left():
    region = RegionFactory(code="XA11")
    joined = timezone.now() - datetime.timedelta(days=30)
    MembershipFactory(
        area=AreaFactory(name="Left"), region=region, joined_at=joined, left_at=timezone.now()
    )
    assert names({"member_region": "XA11"}) == set()


def test_country_matches_areas_with_a_current_member_there_once():
    area = AreaFactory(name="Two Belgian members", lead=RegionFactory(code="XB1A", country="XB"))
    MembershipFactory(area=area, region=RegionFactory(code="XB1B", country="XB"))
    AreaFactory(name="Elsewhere")
    filterset = AreaFilter({"country": "XB"}, ThematicArea.objects.all())
    assert [a.name for a in filterset.qs] == ["Two Belgian members"]


def test_search_and_ordering():
    AreaFactory(name="Bio-economy", summary="Interregional value chains")
    AreaFactory(name="Advanced materials", summary="Value chains for batteries")
    assert names({"q": "batteries"}) == {"Advanced materials"}
    filterset = AreaFilter({"q": "value chains", "ordering": "-name"}, ThematicArea.objects.all())
    assert [a.name for a in filterset.qs] == ["Bio-economy", "Advanced materials"]


@pytest.mark.parametrize(
    "data",
    [
        {"status": "deleted"},
        {"phase": "7"},
        {"priority": "nace"},
        {"country": "1"},
        {"lead_region": "ZZ9"},
        {"member_region": "<script>"},
        {"ordering": "proposed_by__password"},
    ],
)
def test_bad_values_are_form_errors(data):
    filterset = AreaFilter(data, ThematicArea.objects.all())
    assert not filterset.is_valid()
    assert set(filterset.errors) == set(data)
