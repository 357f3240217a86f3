from decimal import Decimal

import pytest

from projects.choices import FundingStatus, ProjectStatus, Stage
from projects.filters import ProjectFilter
from projects.models import InvestmentProject
from regions.choices import CohesionCategory, NutsLevel
from regions.models import Region
from tests.partnerships.factories import PartnershipFactory
from tests.projects.factories import FundingSourceFactory, ProjectFactory, ProjectPartnerFactory
from tests.regions.factories import RegionFactory
from tests.thematic_areas.factories import AreaFactory

pytestmark = pytest.mark.django_db


def titles(data):
    filterset = ProjectFilter(data, queryset=InvestmentProject.objects.all())
    assert filterset.is_valid(), filterset.errors
    return sorted(p.title for p in filterset.qs)


def test_it_filters_by_area_slug():
    area = AreaFactory(slug="batteries")
    ProjectFactory(title="In", area=area)
    ProjectFactory(title="Out")

    assert titles({"area": "batteries"}) == ["In"]


def test_it_filters_by_partnership_slug():
    partnership = PartnershipFactory(slug="pilot-lines")
    ProjectFactory(title="In", area=partnership.area, partnership=partnership)
    ProjectFactory(title="Out", area=partnership.area)

    assert titles({"partnership": "pilot-lines"}) == ["In"]


def test_an_area_or_partnership_may_be_given_by_its_whole_name_in_any_case():
    partnership = PartnershipFactory(name="Pilot Lines", area__name="Batteries")
    ProjectFactory(title="In", area=partnership.area, partnership=partnership)
    ProjectFactory(title="Out")

    assert titles({"area": " batteries "}) == ["In"]
    assert titles({"partnership": "PILOT LINES"}) == ["In"]


def test_a_name_two_partnerships_share_is_refused_with_their_slugs():
    PartnershipFactory(name="Hydrogen", slug="hydrogen-valleys")
    PartnershipFactory(name="hydrogen", slug="hydrogen-ports")

    filterset = ProjectFilter({"partnership": "Hydrogen"}, queryset=InvestmentProject.objects.all())

    assert not filterset.is_valid()
    [error] = filterset.errors["partnership"]
    assert "hydrogen-ports" in error and "hydrogen-valleys" in error


def test_an_unknown_name_is_refused_as_an_unknown_slug_is():
    AreaFactory(name="Batteries", slug="batteries")

    for typed in ("Batteries for all", "no-such-area"):
        filterset = ProjectFilter({"area": typed}, queryset=InvestmentProject.objects.all())
        assert not filterset.is_valid()
        assert filterset.errors["area"] == ["No thematic area has this name or slug."]


def test_it_filters_by_one_or_several_stages():
    ProjectFactory(title="Idea", stage=Stage.IDEA)
    ProjectFactory(title="Scoping", stage=Stage.SCOPING)
    ProjectFactory(title="Scale", stage=Stage.SCALE_UP)

    assert titles({"stage": ["idea", "scale_up"]}) == ["Idea", "Scale"]


def test_no_filter_makes_the_list_distinct():
    # DISTINCT over every column makes PostgreSQL sort all matches for one page.
    data = {"stage": ["idea", "scale_up"], "country": "PL", "area": "batteries"}
    AreaFactory(slug="batteries")
    filterset = ProjectFilter(data, queryset=InvestmentProject.objects.all())

    assert filterset.is_valid(), filterset.errors
    assert not filterset.qs.query.distinct


def test_it_filters_by_status():
    ProjectFactory(title="Draft")
    ProjectFactory(title="Public", status=ProjectStatus.PUBLISHED)

    assert titles({"status": "published"}) == ["Public"]


def test_country_matches_the_lead_region_or_any_partner_once():
    polish = RegionFactory(country="PL", code="PL21")
    ProjectFactory(title="Led from Poland", lead_region=polish)
    with_partners = ProjectFactory(title="Polish partners")
    ProjectPartnerFactory(project=with_partners, country="PL")
    ProjectPartnerFactory(project=with_partners, country="PL")
    ProjectFactory(title="Elsewhere")

    assert titles({"country": "pl"}) == ["Led from Poland", "Polish partners"]


def test_cohesion_category_of_a_nuts3_lead_comes_from_its_nuts2_parent():
    nuts2 = RegionFactory(cohesion_category=CohesionCategory.LESS_DEVELOPED)
    nuts3 = Region.objects.create(
        code=f"{nuts2.code}1", name="County", level=NutsLevel.NUTS3, country="XA", parent=nuts2
    )
    ProjectFactory(title="NUTS 2 lead", lead_region=nuts2)
    ProjectFactory(title="NUTS 3 lead", lead_region=nuts3)
    ProjectFactory(
        title="Developed",
        lead_region=RegionFactory(cohesion_category=CohesionCategory.MORE_DEVELOPED),
    )

    assert titles({"cohesion_category": "less_developed"}) == ["NUTS 2 lead", "NUTS 3 lead"]


def test_it_filters_by_total_investment_range():
    ProjectFactory(title="Small", total_investment=Decimal("100000"))
    ProjectFactory(title="Medium", total_investment=Decimal("1000000"))
    ProjectFactory(title="Large", total_investment=Decimal("9000000"))

    assert titles({"investment_min": "100000.01", "investment_max": "1000000"}) == ["Medium"]


def test_funding_gap_counts_only_secured_funding():
    funded = ProjectFactory(title="Funded", total_investment=Decimal("1000"))
    FundingSourceFactory(project=funded, amount=Decimal("900"), status=FundingStatus.SECURED)
    planned = ProjectFactory(title="Only planned", total_investment=Decimal("1000"))
    FundingSourceFactory(project=planned, amount=Decimal("900"), status=FundingStatus.PLANNED)
    ProjectFactory(title="Nothing yet", total_investment=Decimal("1000"))

    assert titles({"gap_min": "500"}) == ["Nothing yet", "Only planned"]


def test_search_looks_in_title_and_summary():
    ProjectFactory(title="Hydrogen valley", summary="Electrolysers.")
    ProjectFactory(title="Textiles", summary="Recycled hydrogen-free fibres.")
    ProjectFactory(title="Batteries", summary="Cells.")

    assert titles({"q": "HYDROGEN"}) == ["Hydrogen valley", "Textiles"]


@pytest.mark.parametrize(
    "data",
    [{"investment_min": "-1"}, {"gap_min": "x"}, {"stage": "nonsense"}, {"country": "POL"}],
)
def test_bad_input_is_a_form_error_not_a_crash(data):
    assert not ProjectFilter(data, queryset=InvestmentProject.objects.all()).is_valid()
