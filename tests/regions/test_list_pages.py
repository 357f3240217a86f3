import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from regions.choices import ClusterStatus, CohesionCategory
from regions.models import Cluster
from tests.page_helpers import client_for, text_of
from tests.projects.factories import ProjectFactory
from tests.regions.factories import (
    ClusterFactory,
    PriorityFactory,
    RegionFactory,
    RegionPriorityFactory,
    Ris3PriorityFactory,
    representative_of,
)
from tests.thematic_areas.factories import AreaFactory, MembershipFactory

pytestmark = pytest.mark.django_db

REGIONS = reverse("regions:region_list")
CLUSTERS = reverse("regions:cluster_list")


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_region_list_filters_by_the_query_string_so_the_url_can_be_shared(client):
    RegionFactory(code="XA1A", name="Less developed one", cohesion_category="less_developed")
    RegionFactory(code="XA1B", name="More developed one", cohesion_category="more_developed")
    body = text_of(client.get(REGIONS, {"category": CohesionCategory.LESS_DEVELOPED}))
    assert "Less developed one" in body
    assert "More developed one" not in body
    assert 'value="less_developed" selected' in body


def test_region_list_shows_a_bad_filter_as_a_described_error_not_a_crash(client):
    RegionFactory(code="XA1A", name="Should not be listed")
    response = client.get(REGIONS, {"country": "Germany", "level": "9"})
    assert response.status_code == 200
    body = text_of(response)
    assert "A country code is two letters" in body
    assert "Select a valid choice. 9 is not one of the available choices." in body
    assert 'aria-invalid="true"' in body
    assert "Should not be listed" not in body


def test_region_list_paginates_and_keeps_the_filters_in_page_links(client):
    for n in range(30):
        RegionFactory(code=f"XA1{chr(65 + n % 26)}{n // 26}"[:5], name=f"Paged {n:02d}")
    first = text_of(client.get(REGIONS, {"level": "2", "ordering": "name"}))
    assert "Paged 00" in first and "Paged 25" not in first
    assert "?level=2&ordering=name&page=2" in first
    second = text_of(client.get(REGIONS, {"level": "2", "ordering": "name", "page": "2"}))
    assert "Paged 25" in second and "Paged 00" not in second
    # A page number out of range or not a number shows a page, never an error.
    assert client.get(REGIONS, {"page": "999"}).status_code == 200
    assert client.get(REGIONS, {"page": "x"}).status_code == 200


def test_region_list_answers_htmx_with_the_listing_fragment_only(client):
    RegionFactory(code="XA1A", name="Fragment region")
    response = client.get(REGIONS, {"q": "fragment"}, headers={"HX-Request": "true"})
    body = text_of(response)
    assert body.lstrip().startswith('<div id="listing">')
    assert "Fragment region" in body
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]
    full = text_of(client.get(REGIONS, {"q": "fragment"}))
    assert "<html" in full and 'hx-get="/regions/"' in full


def test_region_csv_export_keeps_the_filters_and_is_keyed_by_nuts_code(client):
    RegionFactory(code="XA1A", name="Pilot region", industrial_transition_pilot=True)
    RegionFactory(code="XA1B", name="Other region")
    rows = csv_rows(client.get(REGIONS, {"pilot": "true", "format": "csv"}))
    assert rows[0][0] == "NUTS code"
    assert [row[0] for row in rows[1:]] == ["XA1A"]
    assert rows[1][7] == "yes"


def test_region_csv_export_neutralises_formulas(client):
    RegionFactory(code="XA1A", name='=HYPERLINK("http://evil.example")')
    RegionFactory(code="XA1B", name="@SUM(A1)")
    RegionFactory(code="XA1C", name="-2+3", name_national="\tTab")
    rows = csv_rows(client.get(REGIONS, {"level": "2", "format": "csv"}))
    names = {row[0]: (row[1], row[2]) for row in rows[1:]}
    assert names["XA1A"][0] == '\'=HYPERLINK("http://evil.example")'
    assert names["XA1B"][0] == "'@SUM(A1)"
    assert names["XA1C"] == ("'-2+3", "'\tTab")


def test_region_csv_export_with_bad_filters_is_a_400(client):
    response = client.get(REGIONS, {"level": "x", "format": "csv"})
    assert response.status_code == 400
    assert "NUTS level" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 20])
def test_region_list_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, rows
):
    for n in range(rows):
        region = RegionFactory(
            code=f"XA{n % 10}{chr(65 + n // 10)}", cohesion_category="transition"
        )
        ClusterFactory(region=region)
    # The rows and their count, and the country and priority options of the filters.
    with django_assert_max_num_queries(4):
        response = client.get(REGIONS, {"level": "2"})
    assert response.context["page_obj"].paginator.count == rows


def test_region_detail_shows_areas_led_and_joined_clusters_and_published_projects(client):
    region = RegionFactory(code="XA1A", cohesion_category="less_developed")
    RegionPriorityFactory(region=region, priority=PriorityFactory(code="C25", name="Metals"))
    AreaFactory(name="Led area", lead=region)
    MembershipFactory(area=AreaFactory(name="Joined area"), region=region)
    AreaFactory(name="Private proposal", status="proposed", proposing_region=region)
    ClusterFactory(name="Published cluster", region=region)
    ClusterFactory(name="Pending cluster", region=region, status=ClusterStatus.PENDING)
    ProjectFactory(title="Published project", lead_region=region, status="published")
    ProjectFactory(title="Draft project", lead_region=region)
    body = text_of(client.get(region.get_absolute_url()))
    assert "Less developed region" in body
    assert "NACE C25" in body and "Metals" in body
    led, joined = body.split("Areas it joined")
    assert "Led area" in led and "Joined area" not in led
    assert "Joined area" in joined
    assert "Private proposal" not in body
    assert "Published cluster" in body and "Pending cluster" not in body
    assert "Published project" in body and "Draft project" not in body


def test_region_detail_cuts_each_list_and_links_the_full_filtered_list(client):
    region = RegionFactory(code="XB1A", country="XB")
    for n in range(21):
        ClusterFactory(name=f"Cluster {n:02}", region=region)
        ProjectFactory(title=f"Project {n:02}", lead_region=region, status="published")
        AreaFactory(name=f"Led area {n:02}", lead=region)
    ClusterFactory(name="Only cluster", region=RegionFactory(code="XC1A", country="XC"))

    response = client.get(region.get_absolute_url())
    body = text_of(response)

    assert "Cluster 19" in body and "Cluster 20" not in body
    assert "Project 19" in body and "Project 20" not in body
    assert "Led area 19" in body and "Led area 20" not in body
    page = response.text
    assert f'href="{reverse("regions:cluster_list")}?region=XB1A"' in page
    assert f'href="{reverse("projects:project_list")}?lead_region=XB1A"' in page
    assert f'href="{reverse("thematic_areas:area_list")}?lead_region=XB1A"' in page
    assert "Project 20" in text_of(
        client.get(reverse("projects:project_list"), {"lead_region": "xb1a"})
    )


def test_region_detail_with_few_rows_has_no_link_to_more(client):
    region = RegionFactory(code="XB1A", country="XB")
    ClusterFactory(region=region)

    assert "?region=XB1A" not in client.get(region.get_absolute_url()).text


def test_region_detail_accepts_a_lower_case_code_and_404s_an_unknown_one(client):
    # XB is outside RegionFactory's sequence (always XA), so the code cannot collide.
    region = RegionFactory(code="XB1A", country="XB")
    assert client.get(reverse("regions:region_detail", args=["xb1a"])).status_code == 200
    assert client.get(reverse("regions:region_detail", args=["QQ9"])).status_code == 404
    assert region


@pytest.mark.parametrize("rows", [1, 20])
def test_region_detail_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, rows
):
    region = RegionFactory(code="XB1A", country="XB")
    for _ in range(rows):
        MembershipFactory(region=region)
        ClusterFactory(region=region)
        RegionPriorityFactory(region=region)
        Ris3PriorityFactory(region=region).codes.add(PriorityFactory())
        ProjectFactory(lead_region=region, status="published")
    # One more for the RIS3 priorities' codes.
    with django_assert_max_num_queries(10):
        response = client.get(region.get_absolute_url())
    assert response.status_code == 200


def test_cluster_list_filters_and_hides_unpublished_profiles(client):
    ClusterFactory(name="Battery cluster", region=RegionFactory(code="XA1A"))
    ClusterFactory(name="Tourism cluster", region=RegionFactory(code="XB1A", country="XB"))
    pending = ClusterFactory(name="Pending cluster", status=ClusterStatus.PENDING)
    body = text_of(client.get(CLUSTERS, {"country": "xa"}))
    assert "Battery cluster" in body and "Tourism cluster" not in body
    # Not even its representative sees a pending profile in the public list.
    own = text_of(client_for(representative_of(pending)).get(CLUSTERS))
    assert "Pending cluster" not in own


def test_cluster_csv_export_lists_published_clusters_by_slug_with_priority_codes(client):
    cluster = ClusterFactory(name="Battery cluster", slug="battery-cluster")
    cluster.priorities.add(PriorityFactory(code="C27"))
    ClusterFactory(name="Pending", status=ClusterStatus.PENDING)
    rows = csv_rows(client.get(CLUSTERS, {"format": "csv"}))
    assert [row[0] for row in rows[1:]] == ["battery-cluster"]
    assert rows[1][-1] == "nace:C27"


def test_cluster_list_reports_an_unknown_region_code(client):
    response = client.get(CLUSTERS, {"region": "QQ9"})
    assert response.status_code == 200
    assert "No region has this name or NUTS code." in text_of(response)


@pytest.mark.parametrize("rows", [1, 20])
def test_cluster_list_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, rows
):
    priority = PriorityFactory()
    for _ in range(rows):
        ClusterFactory().priorities.add(priority)
    with django_assert_max_num_queries(5):
        response = client.get(CLUSTERS)
    assert response.context["page_obj"].paginator.count == rows


@pytest.mark.parametrize("rows", [1, 20])
def test_cluster_detail_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, rows
):
    from tests.partnerships.factories import PartnershipMembershipFactory

    cluster = ClusterFactory()
    for _ in range(rows):
        cluster.priorities.add(PriorityFactory())
        PartnershipMembershipFactory(cluster=cluster)
    with django_assert_max_num_queries(3):
        response = client.get(cluster.get_absolute_url())
    assert response.status_code == 200


def test_unpublished_cluster_detail_is_404_for_outsiders_and_shown_to_its_representative(client):
    pending = ClusterFactory(status=ClusterStatus.PENDING)
    assert client.get(pending.get_absolute_url()).status_code == 404
    own = client_for(representative_of(pending)).get(pending.get_absolute_url())
    assert own.status_code == 200


def test_cluster_detail_does_not_name_partnerships_of_private_proposals(client):
    from tests.partnerships.factories import PartnershipFactory, PartnershipMembershipFactory
    from tests.thematic_areas.factories import AreaFactory

    cluster = ClusterFactory()
    PartnershipMembershipFactory(cluster=cluster, partnership=PartnershipFactory(name="Public one"))
    hidden = PartnershipFactory(name="Hidden one", area=AreaFactory(status="proposed"))
    PartnershipMembershipFactory(cluster=cluster, partnership=hidden)
    body = text_of(client.get(cluster.get_absolute_url()))
    assert "Public one" in body and "Hidden one" not in body


def test_the_cluster_list_asks_for_a_period_never_a_timestamp(client):
    old = ClusterFactory(name="Old cluster")
    Cluster.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=40)
    )
    ClusterFactory(name="New cluster")
    url = reverse("regions:cluster_list")

    page = text_of(client.get(url))
    recent = text_of(client.get(url, {"changed": "30"}))
    shared = text_of(client.get(url, {"updated_since": "2000-01-01T00:00:00Z"}))
    broken = text_of(client.get(url, {"updated_since": "yesterday"}))

    assert '<select name="changed"' in page and "In the last 30 days" in page
    assert '<input type="hidden" name="updated_since"' in page
    assert "New cluster" in recent and "Old cluster" not in recent
    assert "Old cluster" in shared  # an address with a timestamp still works
    assert "Updated since: " in broken and "Enter a valid date/time." in broken
