import csv
import io
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from portal import pipeline
from portal.maps import projects_per_region
from portal.pipeline import pipeline_figures
from projects.choices import ProjectStatus, Stage
from projects.models import InvestmentProject, ProjectPartner
from regions.choices import CohesionCategory
from regions.models import Region
from tests.accounts.factories import UserFactory
from tests.page_helpers import text_of
from tests.projects.factories import FundingSourceFactory, ProjectFactory, ProjectPartnerFactory
from tests.regions.factories import RegionFactory, nuts_region
from tests.thematic_areas.factories import AreaFactory
from thematic_areas.models import ThematicArea

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def known():
    """Three published projects with hand-computed figures, and two that must not count."""
    less = RegionFactory(code="XA11", cohesion_category=CohesionCategory.LESS_DEVELOPED)
    transition = RegionFactory(
        code="XB1A", country="XB", cohesion_category=CohesionCategory.TRANSITION
    )
    developed = RegionFactory(code="XA12", cohesion_category=CohesionCategory.MORE_DEVELOPED)
    alpha, beta = AreaFactory(name="Alpha"), AreaFactory(name="Beta")
    published = {"status": ProjectStatus.PUBLISHED}

    p1 = ProjectFactory(area=alpha, lead_region=less, total_investment=D("1000.10"), **published)
    FundingSourceFactory(project=p1, amount=D("300.05"), status="secured")
    FundingSourceFactory(project=p1, amount=D("200.00"), status="planned")
    ProjectPartnerFactory(project=p1, region=less, organisation_name="Less", country="XA")
    ProjectPartnerFactory(project=p1, region=None, organisation_name="Outside", country="NO")

    p2 = ProjectFactory(
        area=alpha,
        lead_region=developed,
        stage=Stage.SCOPING,
        total_investment=D("500.00"),
        oversubscription_confirmed=True,
        **published,
    )
    FundingSourceFactory(project=p2, amount=D("600.00"), status="secured")

    p3 = ProjectFactory(area=beta, lead_region=transition, total_investment=D("2000"), **published)
    ProjectPartnerFactory(project=p3, region=transition, organisation_name="Trans", country="XB")

    draft = ProjectFactory(area=alpha, lead_region=less, total_investment=D("99999"))
    FundingSourceFactory(project=draft, amount=D("5"), status="secured")
    ProjectFactory(area=beta, lead_region=less, status=ProjectStatus.ARCHIVED)


def table(key):
    return next(t for t in pipeline_figures()["tables"] if t.key == key)


def test_figures_by_stage(known):
    rows = {row[0]: row[1:] for row in table("stage").rows}

    assert rows["Idea"] == [2, D("3000.10"), D("300.05"), D("2700.05")]
    assert rows["Scoping"] == [1, D("500.00"), D("600.00"), D("-100.00")]
    assert rows["Scale-up"] == [0, D("0.00"), D("0.00"), D("0.00")]


def test_figures_by_area(known):
    assert table("area").rows == [
        ["Alpha", 2, D("1500.10"), D("900.05"), D("600.05")],
        ["Beta", 1, D("2000.00"), D("0.00"), D("2000.00")],
    ]


def test_the_funding_gap_by_area_and_stage(known):
    gaps = table("gap")

    assert gaps.columns[1:3] == ["Idea", "Scoping"]
    assert gaps.rows[0] == ["Alpha", D("700.05"), D("-100.00"), 0, 0, 0, D("600.05")]
    assert gaps.rows[1][0] == "Beta"
    assert gaps.rows[1][1] == gaps.rows[1][-1] == D("2000.00")


def test_figures_by_country(known):
    assert table("country").rows == [["XA", 2, D("1500.10")], ["XB", 1, D("2000.00")]]


def test_shares_by_cohesion_category(known):
    rows = {str(row[0]): row[1:] for row in table("cohesion").rows}

    assert rows["Less developed region"] == [1, D("33.3"), 1, D("33.3"), D("1000.10")]
    assert rows["Transition region"] == [1, D("33.3"), 1, D("33.3"), D("2000.00")]
    assert rows["More developed region"] == [1, D("33.3"), 0, D("0.0"), D("500.00")]
    assert rows["Not recorded"] == [0, D("0.0"), 1, D("33.3"), D("0.00")]


def test_the_headline_shares_count_recorded_categories_only_and_say_how_many_are_unknown(known):
    # The partner outside any region has no recorded category: 2 of the 2
    # partners with one come from less developed or transition regions.
    assert pipeline_figures()["headline"] == {
        "projects": 3,
        "partners": 3,
        "project_share": D("66.7"),
        "partner_share": D("100.0"),
        "projects_category_unknown": 0,
        "partners_category_unknown": 1,
        "demo_projects": 0,
    }


def test_the_pipeline_page_says_how_many_regions_have_no_recorded_category(known, client):
    ProjectFactory(
        lead_region=RegionFactory(code="XA13"), status=ProjectStatus.PUBLISHED, total_investment=1
    )

    body = " ".join(text_of(client.get(reverse("projects:pipeline"))).split())

    assert "4 published projects." in body
    assert "Of those whose region has a recorded cohesion category, 66.7 %" in body
    assert "1 project is led from a region whose cohesion category is not recorded" in body


def test_with_no_recorded_category_the_pipeline_gives_no_share(client):
    ProjectFactory(lead_region=RegionFactory(), status=ProjectStatus.PUBLISHED)

    body = " ".join(text_of(client.get(reverse("projects:pipeline"))).split())

    assert "recorded cohesion category," not in body
    assert "1 project is led from a region whose cohesion category is not recorded" in body


def test_an_empty_pipeline_has_zero_shares():
    figures = pipeline_figures()

    assert figures["headline"]["project_share"] == 0
    assert table("area").rows == []


def test_the_page_shows_an_accessible_chart_next_to_each_table(known):
    body = Client().get(reverse("projects:pipeline")).content.decode()

    assert body.count('role="img"') == 5
    assert '<title id="chart-area-title">Projects and investment by thematic area</title>' in body
    # One table per chart, and the map's table.
    assert body.count("<table") == 6
    assert "66.7 %" in body


def test_the_page_shows_the_largest_areas_and_the_csv_all_of_them(monkeypatch):
    monkeypatch.setattr("portal.pipeline_views.PAGE_ROWS", 2)
    for name, total in [("Small", 10), ("Large", 300), ("Middle", 200)]:
        ProjectFactory(
            area=AreaFactory(name=name), status=ProjectStatus.PUBLISHED, total_investment=total
        )

    body = Client().get(reverse("projects:pipeline")).content.decode()
    area_section = body.split('id="table-area"')[1].split("</section>")[0]
    csv_body = Client().get(reverse("projects:pipeline_csv", args=["area"])).getvalue().decode()

    assert "The 2 largest of 3 rows; the CSV has them all." in area_section
    assert "Large" in area_section and "Middle" in area_section
    assert "Small" not in area_section
    assert "Small" in csv_body


def test_each_table_downloads_as_csv(known):
    response = Client().get(reverse("projects:pipeline_csv", args=["area"]))

    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert response["Content-Disposition"] == 'attachment; filename="pipeline-area.csv"'
    assert rows[1] == ["Alpha", "2", "1500.10", "900.05", "600.05"]


def test_an_unknown_table_is_404():
    assert Client().get(reverse("projects:pipeline_csv", args=["nope"])).status_code == 404


def test_the_figures_as_json_keep_cents_exact(known):
    data = Client().get(reverse("projects:pipeline_json")).json()

    area = next(t for t in data["tables"] if t["key"] == "area")
    assert area["rows"][0] == ["Alpha", 2, "1500.10", "900.05", "600.05"]
    assert data["headline"]["project_share"] == "66.7"


@pytest.mark.parametrize("projects", [1, 20])
def test_the_dashboard_costs_the_same_queries_for_any_number_of_projects(
    projects, django_assert_num_queries
):
    # Lead regions on the map, at NUTS 1, 2 and 3, and one outside it.
    leads = [nuts_region(code) for code in ("BE2", "ES70", "SE224", "XA1")]
    for i in range(projects):
        project = ProjectFactory(status=ProjectStatus.PUBLISHED, lead_region=leads[i % 4])
        FundingSourceFactory(project=project, status="secured")
        ProjectPartnerFactory(project=project)

    # Five grouped queries for the tables, one count of demo projects, one for the map.
    with django_assert_num_queries(7):
        Client().get(reverse("projects:pipeline"))


def test_the_figures_are_computed_once_then_served_from_the_cache(
    known, cache_on, django_assert_num_queries
):
    Client().get(reverse("projects:pipeline"))

    with django_assert_num_queries(0):
        response = Client().get(reverse("projects:pipeline_json"))
    assert response.json()["headline"]["projects"] == "3"


def _publish_a_project():
    ProjectFactory(status=ProjectStatus.PUBLISHED, total_investment=D("1"))


def _secure_funding():
    project = InvestmentProject.objects.get(total_investment=D("2000"))
    FundingSourceFactory(project=project, amount=D("1"), status="secured")


def _add_a_partner():
    project = InvestmentProject.objects.get(total_investment=D("2000"))
    ProjectPartnerFactory(project=project, region=None, organisation_name="New", country="NO")


def _remove_a_partner():
    ProjectPartner.objects.get(organisation_name="Outside").delete()


def _rename_an_area():
    area = ThematicArea.objects.get(name="Beta")
    area.name = "Gamma"
    area.save()


def _recategorise_a_region():
    region = Region.objects.get(code="XA12")
    region.cohesion_category = CohesionCategory.TRANSITION
    region.save()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "change",
    [
        _publish_a_project,
        _secure_funding,
        _add_a_partner,
        _remove_a_partner,
        _rename_an_area,
        _recategorise_a_region,
    ],
)
def test_every_change_the_figures_count_forgets_the_cached_figures(known, cache_on, change):
    before = Client().get(reverse("projects:pipeline_json")).json()

    change()

    after = Client().get(reverse("projects:pipeline_json")).json()
    assert after != before
    assert after == Client().get(reverse("projects:pipeline_json")).json()
    cache.clear()
    assert after == Client().get(reverse("projects:pipeline_json")).json()


@pytest.mark.django_db(transaction=True)
def test_a_signed_in_readers_map_counts_a_project_published_after_it_was_drawn(known, cache_on):
    client = Client()
    client.force_login(UserFactory())
    url = reverse("projects:pipeline")
    assert "<title>Norte (PT11): 1 project</title>" not in client.get(url).text

    ProjectFactory(status=ProjectStatus.PUBLISHED, lead_region=nuts_region("PT11"))

    assert "<title>Norte (PT11): 1 project</title>" in client.get(url).text


# The map of projects per region


def test_the_map_counts_published_projects_by_lead_region_at_nuts2():
    ProjectFactory(lead_region=nuts_region("ES70"), status=ProjectStatus.PUBLISHED)
    ProjectFactory(lead_region=nuts_region("ES70"), status=ProjectStatus.PUBLISHED)
    ProjectFactory(lead_region=nuts_region("ES70"))
    ProjectFactory(lead_region=nuts_region("BE2"), status=ProjectStatus.PUBLISHED)
    ProjectFactory(lead_region=nuts_region("BE211"), status=ProjectStatus.PUBLISHED)

    assert projects_per_region() == {
        "ES70": 2,
        "BE21": 2,
        "BE22": 1,
        "BE23": 1,
        "BE24": 1,
        "BE25": 1,
    }


def test_the_dashboard_draws_the_map_with_links_titles_table_and_acknowledgement():
    ProjectFactory(lead_region=nuts_region("ES70"), status=ProjectStatus.PUBLISHED)

    body = Client().get(reverse("projects:pipeline")).content.decode()

    assert body.count('class="region-map__region"') == 242
    assert (
        '<a href="/regions/ES70/" class="region-map__region"><title>Canarias (ES70): 1 project'
        in body
    )
    assert '<td class="ecl-table__cell">1 project</td>' in body
    map_end = body.index("</svg>", body.index('class="region-map__svg"'))
    assert body.index(
        "© EuroGeographics for the administrative boundaries; source: Eurostat GISCO", map_end
    ) < body.index('id="map-projects-data"')


@pytest.mark.django_db(transaction=True)
def test_figures_read_before_a_change_commits_are_never_served_after_it(
    known, cache_on, monkeypatch
):
    """A request that read the rows before a change committed stores them under the
    version the commit leaves behind: the next request counts the change."""
    compute = pipeline._compute_figures

    def racing_a_commit(include_demo):
        figures = compute(include_demo)
        _publish_a_project()  # commits while this request is still computing
        return figures

    monkeypatch.setattr(pipeline, "_compute_figures", racing_a_commit)
    assert pipeline_figures()["headline"]["projects"] == 3
    monkeypatch.setattr(pipeline, "_compute_figures", compute)

    assert pipeline_figures()["headline"]["projects"] == 4


def test_the_charts_are_drawn_for_a_phone_with_their_figures_in_the_languages_format(known, client):
    body = text_of(client.get(reverse("projects:pipeline")))
    french = text_of(client.get("/fr" + reverse("projects:pipeline")))

    widths = {int(w) for w in re.findall(r'<svg role="img"[^>]* width="(\d+)"', body)}
    assert widths and max(widths) <= 360  # legible at 390 px without shrinking
    assert '<text x="0" y="14" class="bar-label">' in body
    assert "€" in body and "\u00a0€" in french
    # Each table cell names its column, which phones show beside it.
    assert 'data-ecl-table-header="Projects"' in body


def test_shares_are_written_as_percentages_and_amounts_in_euros(known, client):
    body = text_of(client.get(reverse("projects:pipeline")))
    cohesion = body[body.index('id="table-cohesion"') :]

    shares = re.findall(r'data-ecl-table-header="Share of projects \(%\)">([^<]*)<', cohesion)
    assert shares and all(share.endswith("\u00a0%") and "€" not in share for share in shares)
    totals = re.findall(r'data-ecl-table-header="Total investment \(EUR\)">([^<]*)<', cohesion)
    assert totals and all(total.startswith("€") for total in totals)
