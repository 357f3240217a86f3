import pytest

from regions.choices import ClusterLabel, CohesionCategory, NutsLevel
from regions.filters import ClusterFilter, RegionFilter
from regions.models import Cluster, Region
from regions.pickers import search_regions
from tests.regions.factories import (
    ClusterFactory,
    CountryFactory,
    PriorityFactory,
    RegionFactory,
    RegionPriorityFactory,
)

pytestmark = pytest.mark.django_db


def codes(filterset):
    assert filterset.is_valid(), filterset.errors
    return {region.code for region in filterset.qs}


def test_region_filter_narrows_by_country_in_any_case():
    RegionFactory(code="XA1A")
    RegionFactory(code="XB1A", country="XB")
    assert codes(RegionFilter({"country": "xb", "level": "2"}, Region.objects.all())) == {"XB1A"}


def test_region_filter_narrows_by_level_category_and_pilot():
    RegionFactory(code="XA1A", cohesion_category=CohesionCategory.LESS_DEVELOPED)
    RegionFactory(code="XA1B", industrial_transition_pilot=True)
    assert codes(RegionFilter({"level": "1"}, Region.objects.all())) == {"XA1"}
    assert codes(RegionFilter({"category": "less_developed"}, Region.objects.all())) == {"XA1A"}
    assert codes(RegionFilter({"pilot": "true"}, Region.objects.all())) == {"XA1B"}


def test_region_filter_narrows_by_declared_priority_code():
    priority = PriorityFactory(code="25")
    RegionPriorityFactory(region=RegionFactory(code="XA1A"), priority=priority)
    RegionFactory(code="XA1B")
    assert codes(RegionFilter({"priority": "nace:C25"}, Region.objects.all())) == {"XA1A"}


def test_region_filter_within_takes_the_region_and_everything_inside_it():
    RegionFactory(code="XA1A")
    RegionFactory(code="XA2A")
    found = codes(RegionFilter({"within": "xa1"}, Region.objects.all()))
    assert found == {"XA1", "XA1A"}


def test_region_filter_searches_code_and_name():
    RegionFactory(code="XA1A", name="Comunidad Valenciana")
    RegionFactory(code="XA1B", name="Andalucía")
    assert codes(RegionFilter({"q": "valenc", "level": "2"}, Region.objects.all())) == {"XA1A"}
    assert codes(RegionFilter({"q": "XA1B"}, Region.objects.all())) == {"XA1B"}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"country": "DEU"}, "country"),
        ({"level": "7"}, "level"),
        ({"category": "rich"}, "category"),
        ({"priority": "C25"}, "priority"),
        ({"priority": "nace:ZZ99"}, "priority"),
        ({"within": "ZZ9"}, "within"),
        ({"within": "X" * 300}, "within"),
        ({"q": "x" * 101}, "q"),
        ({"ordering": "password"}, "ordering"),
    ],
)
def test_region_filter_reports_bad_values_as_field_errors(data, field):
    filterset = RegionFilter(data, Region.objects.all())
    assert not filterset.is_valid()
    assert field in filterset.errors


def test_region_filter_orders_by_name():
    RegionFactory(code="XA1A", name="B region")
    RegionFactory(code="XA1B", name="A region")
    filterset = RegionFilter({"level": str(NutsLevel.NUTS2), "ordering": "name"}, Region.objects)
    assert [r.code for r in filterset.qs] == ["XA1B", "XA1A"]


def test_cluster_filter_narrows_by_country_region_priority_label_and_search():
    priority = PriorityFactory(code="25")
    valencia = ClusterFactory(name="Packaging cluster", region=RegionFactory(code="XA1A"))
    valencia.priorities.add(priority)
    ClusterFactory(name="Tourism cluster", region=RegionFactory(code="XB1A", country="XB"))
    ClusterFactory(name="Gold cluster", label=ClusterLabel.GOLD, region=RegionFactory(code="XA2A"))

    def names(data):
        filterset = ClusterFilter(data, Cluster.objects.all())
        assert filterset.is_valid(), filterset.errors
        return {cluster.name for cluster in filterset.qs}

    assert names({"country": "XB"}) == {"Tourism cluster"}
    assert names({"region": "XA1"}) == {"Packaging cluster"}
    assert names({"priority": "nace:C25"}) == {"Packaging cluster"}
    assert names({"label": "gold"}) == {"Gold cluster"}
    assert names({"q": "tourism"}) == {"Tourism cluster"}


def test_cluster_filter_reports_an_unknown_region_code():
    filterset = ClusterFilter({"region": "QQ1"}, Cluster.objects.all())
    assert not filterset.is_valid()
    assert "No region has this name or NUTS code." in str(filterset.errors["region"])


def test_a_region_filter_takes_a_name_as_people_write_it():
    andalucia = RegionFactory(code="XS61", name="Andalucía", name_national="Andalucía")
    ClusterFactory(name="Olive cluster", region=andalucia)
    silesia = RegionFactory(code="XP22", name="Śląskie", name_en="Silesia")
    ClusterFactory(name="Coal cluster", region=silesia)
    # Bremen is the name of a NUTS 1, a NUTS 2 and a NUTS 3 region nested in each other.
    bremen = RegionFactory(
        code="XD5", name="Bremen", level=NutsLevel.NUTS1, parent=CountryFactory(code="XD")
    )
    RegionFactory(code="XD50", name="Bremen", parent=bremen)
    ClusterFactory(name="Port cluster", region=bremen)

    def names(value):
        filterset = ClusterFilter({"region": value}, Cluster.objects.all())
        assert filterset.is_valid(), filterset.errors
        return {cluster.name for cluster in filterset.qs}

    assert names("andalucía") == {"Olive cluster"}
    assert names("Silesia") == names("ŚLĄSKIE") == names("xp22") == {"Coal cluster"}
    assert names("Bremen") == {"Port cluster"}


def test_a_name_of_unrelated_regions_asks_for_the_code():
    RegionFactory(code="XL1A", name="Limburg")
    RegionFactory(code="XN4B", name="Limburg")

    filterset = ClusterFilter({"region": "Limburg"}, Cluster.objects.all())

    assert not filterset.is_valid()
    message = str(filterset.errors["region"])
    assert "Several regions have this name" in message
    assert "XL1A" in message and "XN4B" in message


def test_a_region_is_found_without_its_accents():
    silesia = RegionFactory(code="XP2A", name="Śląskie", name_national="Śląskie")
    ClusterFactory(name="Coal cluster", region=silesia)
    RegionFactory(code="XP7A", name="Łódzkie")

    filterset = ClusterFilter({"region": "slaskie"}, Cluster.objects.all())

    assert filterset.is_valid(), filterset.errors
    assert [c.name for c in filterset.qs] == ["Coal cluster"]
    assert [r.code for r in search_regions(Region.objects.all(), "lodz")] == ["XP7A"]
    assert [r.code for r in search_regions(Region.objects.all(), "ŚLĄSK xp2")] == ["XP2A"]
