import csv
import io

import pytest
from django.urls import reverse

from tests.page_helpers import client_for, text_of
from tests.partnerships.factories import PartnershipFactory
from tests.projects.factories import ProjectFactory
from tests.regions.factories import PriorityFactory, RegionFactory, representative_of
from tests.thematic_areas.factories import (
    AreaFactory,
    AreaJoinRequestFactory,
    AreaSourceFactory,
    MembershipFactory,
    NamedParticipantFactory,
    ProgressReportFactory,
)
from thematic_areas.choices import AreaStatus

pytestmark = pytest.mark.django_db

AREAS = reverse("thematic_areas:area_list")


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_area_list_hides_proposals_from_outsiders_and_shows_them_to_the_proposer(client):
    AreaFactory(name="Approved area")
    proposer = RegionFactory()
    AreaFactory(name="Secret proposal", status=AreaStatus.PROPOSED, proposing_region=proposer)
    assert "Secret proposal" not in text_of(client.get(AREAS))
    assert "Secret proposal" not in text_of(client.get(AREAS, {"status": "proposed"}))
    own = text_of(client_for(representative_of(proposer)).get(AREAS))
    assert "Secret proposal" in own and "Approved area" in own


def test_area_list_filters_by_lead_region_code_and_shows_the_leads(client):
    lead = RegionFactory(code="XA1A", name="Leading region")
    AreaFactory(name="Led by XA1A", lead=lead)
    AreaFactory(name="Led elsewhere")
    body = text_of(client.get(AREAS, {"lead_region": "xa1a"}))
    assert "Led by XA1A" in body and "Led elsewhere" not in body
    assert "Leading region" in body


def test_area_list_shows_bad_filters_as_errors_on_the_page(client):
    AreaFactory(name="Not listed while filters are wrong")
    response = client.get(AREAS, {"lead_region": "ZZ99", "phase": "dream"})
    assert response.status_code == 200
    body = text_of(response)
    assert "No region has this name or NUTS code." in body
    assert "Select a valid choice." in body
    assert "Not listed while filters are wrong" not in body


def test_area_list_sorts_and_searches(client):
    AreaFactory(name="Bio-economy", summary="Value chains")
    AreaFactory(name="Advanced materials", summary="Value chains for batteries")
    AreaFactory(name="Tourism", summary="Visitors")
    page = client.get(AREAS, {"q": "value chains", "ordering": "-name"})
    names = [area.name for area in page.context["object_list"]]
    assert names == ["Bio-economy", "Advanced materials"]


def test_area_list_answers_htmx_with_the_fragment(client):
    AreaFactory(name="Fragment area")
    response = client.get(AREAS, headers={"HX-Request": "true"})
    body = text_of(response)
    assert body.lstrip().startswith('<div id="listing">')
    assert "Fragment area" in body and "<html" not in body


def test_area_csv_export_keeps_filters_keys_by_slug_and_leaves_out_private_areas(client):
    lead = RegionFactory(code="XA1A")
    area = AreaFactory(name="=cmd|' /C calc'!A0", slug="exported", lead=lead)
    area.priorities.add(PriorityFactory(code="C25"))
    AreaFactory(name="Filtered out")
    AreaFactory(name="Private", status=AreaStatus.PROPOSED)
    rows = csv_rows(client.get(AREAS, {"member_region": "XA1A", "format": "csv"}))
    assert rows[0][0] == "Slug"
    assert len(rows) == 2
    slug, name, _summary, status, _phase, leads, members, priorities, _date = rows[1]
    assert (slug, status, leads, members, priorities) == (
        "exported",
        "active",
        "XA1A",
        "1",
        "nace:C25",
    )
    assert name == "'=cmd|' /C calc'!A0"
    everything = csv_rows(client.get(AREAS, {"format": "csv"}))
    assert "Private" not in {row[1] for row in everything}


@pytest.mark.parametrize("rows", [1, 20])
def test_area_list_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, rows):
    priority = PriorityFactory()
    for _ in range(rows):
        area = AreaFactory()
        area.priorities.add(priority)
        MembershipFactory(area=area)
    with django_assert_max_num_queries(6):
        response = client.get(AREAS)
    assert response.context["page_obj"].paginator.count == rows


@pytest.mark.parametrize("rows", [1, 20])
def test_area_list_query_count_for_a_representative(django_assert_max_num_queries, rows):
    region = RegionFactory()
    user = representative_of(region)
    for _ in range(rows):
        MembershipFactory(area=AreaFactory(), region=region)
    client = client_for(user)
    with django_assert_max_num_queries(9):
        response = client.get(AREAS)
    assert response.context["page_obj"].paginator.count == rows


def test_area_detail_shows_leads_members_partnerships_projects_and_reports(client):
    lead = RegionFactory(name="Lead region", cohesion_category="transition")
    area = AreaFactory(lead=lead)
    MembershipFactory(area=area, region=RegionFactory(name="Member region"))
    PartnershipFactory(area=area, name="Battery partnership")
    ProjectFactory(area=area, title="Published project", status="published")
    ProjectFactory(area=area, title="Draft project")
    ProgressReportFactory(area=area, status="published", activities="Published activities")
    ProgressReportFactory(area=area, year=2025, activities="Draft activities")
    body = text_of(client.get(area.get_absolute_url()))
    assert "Lead region" in body and "Transition region" in body and "Member region" in body
    assert "Battery partnership" in body
    assert "Published project" in body and "Draft project" not in body
    assert "Published activities" in body and "Draft activities" not in body


def test_area_detail_shows_the_decisions_waiting_for_a_lead_in_the_shared_panel():
    lead = RegionFactory()
    area = AreaFactory(lead=lead)
    pending = AreaJoinRequestFactory(area=area, region=RegionFactory(name="Applicant region"))
    body = text_of(client_for(representative_of(lead)).get(area.get_absolute_url()))
    assert "Requests to join waiting for a decision" in body
    assert reverse("thematic_areas:join_request_approve", args=[pending.pk]) in body
    assert f'id="reject-area-{pending.pk}"' in body


def test_a_proposed_area_page_is_404_for_outsiders(client):
    area = AreaFactory(status=AreaStatus.PROPOSED)
    assert client.get(area.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("rows", [1, 20])
def test_area_detail_query_count_does_not_grow_with_rows(
    django_assert_max_num_queries, rows, cache_on
):
    lead = RegionFactory()
    area = AreaFactory(lead=lead)
    for n in range(rows):
        MembershipFactory(area=area)
        area.priorities.add(PriorityFactory())
        PartnershipFactory(area=area)
        ProjectFactory(area=area, status="published")
        ProgressReportFactory(area=area, year=2000 + n, status="published")
        AreaJoinRequestFactory(area=area)
        AreaSourceFactory(area=area)
        NamedParticipantFactory(area=area)
    client = client_for(representative_of(lead))
    # Warms the per-process content-type cache, and the cached matchmaking.
    client.get(area.get_absolute_url())
    # One of them for its coming events and its steering committee's decisions.
    with django_assert_max_num_queries(22):
        response = client.get(area.get_absolute_url())
    assert response.status_code == 200
