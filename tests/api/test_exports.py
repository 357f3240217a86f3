"""Open data exports: the lists' filters and visibility, CSV safe in spreadsheets, streamed whole,
throttled and cached."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import batches
from projects.choices import ProjectStatus
from regions.choices import ClusterStatus
from regions.models import Region
from tests.partnerships.factories import PartnershipFactory, PartnershipMembershipFactory
from tests.projects.factories import ProjectFactory
from tests.regions.factories import ClusterFactory, RegionFactory
from tests.thematic_areas.factories import AreaFactory, MembershipFactory
from thematic_areas.choices import AreaStatus

from .conftest import token_client

pytestmark = pytest.mark.django_db

EXPORTS = "/api/v1/exports"


def csv_rows(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.getvalue().decode())))


def json_rows(response):
    assert response.status_code == 200, response.content
    return json.loads(response.getvalue())["results"]


def test_regions_export_as_csv_and_json_keyed_by_nuts_code(anon):
    region = RegionFactory(name="Cataluña")
    rows = csv_rows(anon.get(f"{EXPORTS}/regions/?format=csv&country=xa&level=2"))
    assert rows == [
        {
            "code": region.code,
            "name": "Cataluña",
            "name_en": region.name_en,
            "level": "2",
            "country": region.country,
            "parent": region.parent.code,
            "cohesion_category": region.cohesion_category,
            "cohesion_source_url": region.cohesion_source_url,
            "industrial_transition_pilot": "False",
        }
    ]
    response = anon.get(f"{EXPORTS}/regions/?format=csv&country=xa&level=2")
    assert response["Content-Disposition"] == 'attachment; filename="regions.csv"'
    assert json_rows(anon.get(f"{EXPORTS}/regions/?country=xa&level=1")) == [
        {
            "code": region.parent.code,
            "name": region.parent.name,
            "name_en": region.parent.name_en,
            "level": 1,
            "country": region.country,
            "parent": region.parent.parent.code if region.parent.parent else None,
            "cohesion_category": region.parent.cohesion_category,
            "cohesion_source_url": region.parent.cohesion_source_url,
            "industrial_transition_pilot": False,
        }
    ]


def test_the_accept_header_asks_for_csv_too(anon):
    RegionFactory()
    response = anon.get(f"{EXPORTS}/regions/", HTTP_ACCEPT="text/csv")
    assert csv_rows(response)[0].keys() >= {"code", "name"}


def test_area_memberships_export_takes_the_area_filters(anon):
    region = RegionFactory()
    learning = AreaFactory(phase="learn", lead=region)
    MembershipFactory(area=learning)
    scaling = AreaFactory(phase="scale_up")
    MembershipFactory(area=scaling, region=region)
    rows = csv_rows(anon.get(f"{EXPORTS}/area-memberships/?format=csv&member_region={region.code}"))
    assert {(row["region"], row["area"], row["role"]) for row in rows} == {
        (region.code, learning.slug, "lead"),
        (learning.memberships.get(role="member").region.code, learning.slug, "member"),
        (region.code, scaling.slug, "member"),
        (scaling.proposing_region.code, scaling.slug, "lead"),
    }
    rows = json_rows(anon.get(f"{EXPORTS}/area-memberships/?phase=scale_up"))
    assert {row["area"] for row in rows} == {scaling.slug}
    assert rows[0]["region_name"] and rows[0]["area_name"] == scaling.name


def test_memberships_of_a_proposed_area_are_private(anon, moderator):
    proposed = AreaFactory(status=AreaStatus.PROPOSED)
    MembershipFactory(area=proposed)
    assert json_rows(anon.get(f"{EXPORTS}/area-memberships/")) == []
    rows = json_rows(token_client(moderator).get(f"{EXPORTS}/area-memberships/"))
    assert [row["area"] for row in rows] == [proposed.slug]


def test_partnership_memberships_export_by_cluster_region(anon):
    # A name no other row's contains: the factories' numbered names contain each other's
    # numbers ("Partnership 1" is in "Partnership 12").
    partnership = PartnershipFactory(name="Zephyrine partnership")
    member = PartnershipMembershipFactory(partnership=partnership)
    PartnershipMembershipFactory(cluster=ClusterFactory(status=ClusterStatus.PENDING))
    PartnershipMembershipFactory(partnership=PartnershipFactory(area__status=AreaStatus.PROPOSED))
    other = PartnershipFactory()
    rows = csv_rows(anon.get(f"{EXPORTS}/partnership-memberships/?format=csv&q=Zephyrine"))
    assert {(row["region"], row["cluster"], row["role"]) for row in rows} == {
        (partnership.coordinator.region.code, partnership.coordinator.slug, "coordinator"),
        (member.cluster.region.code, member.cluster.slug, "member"),
    }
    assert {row["area"] for row in rows} == {partnership.area.slug}
    everything = json_rows(anon.get(f"{EXPORTS}/partnership-memberships/"))
    clusters = {row["cluster"] for row in everything}
    # A pending cluster and a proposed area's partnership stay private.
    assert len(everything) == 4
    assert other.coordinator.slug in clusters


def test_projects_export_takes_the_project_filters_and_hides_drafts(anon, moderator):
    published = ProjectFactory(status=ProjectStatus.PUBLISHED, stage="demonstration")
    ProjectFactory(status=ProjectStatus.PUBLISHED, stage="idea")
    draft = ProjectFactory(status=ProjectStatus.DRAFT, stage="demonstration")
    rows = csv_rows(anon.get(f"{EXPORTS}/projects/?format=csv&stage=demonstration"))
    assert [(row["slug"], row["lead_region"], row["area"]) for row in rows] == [
        (published.slug, published.lead_region.code, published.area.slug)
    ]
    assert rows[0]["total_investment"] == "2500000.00"
    moderator_rows = json_rows(
        token_client(moderator).get(f"{EXPORTS}/projects/?stage=demonstration")
    )
    assert {row["slug"] for row in moderator_rows} == {published.slug, draft.slug}


def test_spreadsheet_formulas_are_neutralised_in_csv(anon):
    ProjectFactory(status=ProjectStatus.PUBLISHED, title='=HYPERLINK("http://evil.example")')
    ProjectFactory(status=ProjectStatus.PUBLISHED, title="+1+cmd|' /C calc'!A0")
    titles = {row["title"] for row in csv_rows(anon.get(f"{EXPORTS}/projects/?format=csv"))}
    assert titles == {'\'=HYPERLINK("http://evil.example")', "'+1+cmd|' /C calc'!A0"}
    # JSON is data, not a spreadsheet: the title is given as it is.
    assert '=HYPERLINK("http://evil.example")' in {
        row["title"] for row in json_rows(anon.get(f"{EXPORTS}/projects/"))
    }


def test_a_bad_filter_is_a_json_400_even_for_csv(anon, db):
    response = anon.get(f"{EXPORTS}/area-memberships/?format=csv&phase=nonsense")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "phase" in response.json()
    response = anon.get(f"{EXPORTS}/projects/?format=csv&stage=nonsense")
    assert response.status_code == 400
    assert "stage" in response.json()


def test_options_describe_the_export_in_json_even_for_csv(anon, db):
    response = anon.options(f"{EXPORTS}/area-memberships/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["name"]


def test_the_whole_table_is_streamed_a_batch_at_a_time_in_its_order(anon, monkeypatch):
    monkeypatch.setattr(batches, "BATCH_SIZE", 2)
    RegionFactory.create_batch(3)
    # The three regions, their parents and their country: more than two batches.
    codes = list(
        Region.objects.filter(country="XA").order_by("code").values_list("code", flat=True)
    )
    with CaptureQueriesContext(connection) as captured:
        response = anon.get(f"{EXPORTS}/regions/?format=csv&country=xa")
        assert response.streaming
        rows = csv_rows(response)
    assert [row["code"] for row in rows] == codes
    assert response["X-Total-Count"] == str(len(codes))
    # The keys, then one query a batch: never an OFFSET, never the whole table at once.
    assert len(captured) == 1 + -(-len(codes) // 2)
    assert not any("OFFSET" in query["sql"] for query in captured)
    body = json.loads(anon.get(f"{EXPORTS}/regions/?country=xa").getvalue())
    assert body["count"] == len(codes)
    assert [row["code"] for row in body["results"]] == codes
    assert body["next"] is None and body["previous"] is None


def test_a_row_deleted_while_the_export_streams_is_left_out(anon, monkeypatch):
    monkeypatch.setattr(batches, "BATCH_SIZE", 1)
    first, second = ProjectFactory.create_batch(2, status=ProjectStatus.PUBLISHED)
    response = anon.get(f"{EXPORTS}/projects/?format=csv")
    second.delete()
    assert response["X-Total-Count"] == "2"
    assert [row["slug"] for row in csv_rows(response)] == [first.slug]


@pytest.fixture
def two_downloads_an_hour(settings):
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {**rest["DEFAULT_THROTTLE_RATES"], "exports": "2/hour"}
    settings.REST_FRAMEWORK = rest


def test_downloads_are_throttled_across_api_and_pages(anon, client, two_downloads_an_hour):
    RegionFactory()
    assert anon.get(f"{EXPORTS}/regions/?format=csv").status_code == 200
    # The regions list's CSV counts against the same allowance.
    assert client.get("/regions/", {"format": "csv"}).status_code == 200
    refused = anon.get(f"{EXPORTS}/regions/")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    assert 0 < int(refused["Retry-After"]) <= 3600
    page = client.get("/regions/", {"format": "csv"})
    assert page.status_code == 429
    assert "try again in" in page.content.decode()
    # Pages and API lists are not downloads: they stay open.
    assert client.get("/regions/").status_code == 200
    assert anon.get("/api/v1/regions/").status_code == 200


def test_a_token_caller_has_an_allowance_of_its_own(anon, member, two_downloads_an_hour):
    for _ in range(2):
        anon.get(f"{EXPORTS}/regions/")
    assert anon.get(f"{EXPORTS}/regions/").status_code == 429
    assert token_client(member).get(f"{EXPORTS}/regions/").status_code == 200


# The cache is forgotten when a write commits, which a test in one transaction never does.
@pytest.mark.django_db(transaction=True)
def test_visitors_get_the_export_from_the_cache_until_a_write(anon, cache_on, monkeypatch):
    monkeypatch.setattr(batches, "BATCH_SIZE", 1)
    ProjectFactory.create_batch(2, status=ProjectStatus.PUBLISHED)
    first = csv_rows(anon.get(f"{EXPORTS}/projects/?format=csv"))
    with CaptureQueriesContext(connection) as captured:
        again = anon.get(f"{EXPORTS}/projects/?format=csv")
        assert again.streaming and csv_rows(again) == first
    assert len(captured) == 0
    assert again["X-Total-Count"] == "2"
    # JSON is stored apart from CSV, though the path differs only in the Accept header.
    assert len(json_rows(anon.get(f"{EXPORTS}/projects/", HTTP_ACCEPT="application/json"))) == 2
    ProjectFactory(status=ProjectStatus.PUBLISHED)
    assert len(csv_rows(anon.get(f"{EXPORTS}/projects/?format=csv"))) == 3


def test_a_download_cut_short_is_not_cached(anon, cache_on):
    ProjectFactory(status=ProjectStatus.PUBLISHED)
    response = anon.get(f"{EXPORTS}/projects/?format=csv")
    # The client reads the first chunk and hangs up.
    next(iter(response.streaming_content))
    del response
    with CaptureQueriesContext(connection) as captured:
        csv_rows(anon.get(f"{EXPORTS}/projects/?format=csv"))
    assert len(captured) > 0


def test_token_callers_are_never_served_a_visitors_export(anon, moderator, cache_on):
    ProjectFactory(status=ProjectStatus.DRAFT)
    assert json_rows(anon.get(f"{EXPORTS}/projects/")) == []
    assert len(json_rows(token_client(moderator).get(f"{EXPORTS}/projects/"))) == 1


def area_memberships(n):
    for area in AreaFactory.create_batch(n):
        MembershipFactory.create_batch(2, area=area)
    return 3 * n


def partnership_memberships(n):
    for partnership in PartnershipFactory.create_batch(n):
        PartnershipMembershipFactory(partnership=partnership)
    return 2 * n


def projects(n):
    ProjectFactory.create_batch(n, status=ProjectStatus.PUBLISHED, partnership=PartnershipFactory())
    return n


def regions(n):
    RegionFactory.create_batch(n, name="Valley")
    return n


# Regions also come from loaded data and factories' parents: only the new ones are counted.
FILTER = {"regions": "q=Valley"}

EXPORT_LISTS = {
    "area-memberships": area_memberships,
    "partnership-memberships": partnership_memberships,
    "projects": projects,
    "regions": regions,
}


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("name", list(EXPORT_LISTS))
def test_an_export_costs_the_same_queries_for_1_and_50_rows(name, rows, fmt, member):
    expected_rows = EXPORT_LISTS[name](rows)
    client = token_client(member)
    url = f"{EXPORTS}/{name}/?format={fmt}&{FILTER.get(name, '')}"
    client.get(url)  # warm up: the token's last-used time is written once a minute
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        found = csv_rows(response) if fmt == "csv" else json_rows(response)
    assert len(found) == expected_rows
    # Token, keys, one batch of rows (filters are subqueries); projects also fetch
    # the user's organisations first, to see their few unpublished projects.
    assert len(captured) == (4 if name == "projects" else 3)
