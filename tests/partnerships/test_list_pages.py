import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.page_helpers import client_for, text_of
from tests.partnerships.factories import (
    CallFactory,
    PartnershipFactory,
    PartnershipJoinRequestFactory,
    PartnershipMembershipFactory,
)
from tests.projects.factories import ProjectFactory
from tests.regions.factories import representative_of
from tests.thematic_areas.factories import AreaFactory
from thematic_areas.choices import AreaStatus

pytestmark = pytest.mark.django_db

CALLS = reverse("partnerships:call_list")
PARTNERSHIPS = reverse("partnerships:partnership_list")
DAY = datetime.timedelta(days=1)


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def closed_call(**kwargs):
    today = timezone.localdate()
    return CallFactory(opens_on=today - 30 * DAY, closes_on=today - DAY, **kwargs)


def test_call_list_filters_open_and_closed_calls_with_their_deadlines(client):
    CallFactory(title="Open call")
    closed = closed_call(title="Closed call")
    body = text_of(client.get(CALLS, {"state": "open"}))
    assert "Open call" in body and "Closed call" not in body
    closed_page = text_of(client.get(CALLS, {"state": "closed"}))
    assert "Closed call" in closed_page
    assert closed.closes_on.strftime("%Y") in closed_page


def test_call_list_reports_a_bad_state(client):
    response = client.get(CALLS, {"state": "soon"})
    assert response.status_code == 200
    assert "Select a valid choice." in text_of(response)


def test_call_list_only_names_partnerships_of_visible_areas(client):
    call = CallFactory()
    PartnershipFactory(call=call, name="Public partnership")
    PartnershipFactory(
        call=call, name="Hidden partnership", area=AreaFactory(status=AreaStatus.PROPOSED)
    )
    body = text_of(client.get(CALLS))
    assert "Public partnership" in body and "Hidden partnership" not in body
    rows = csv_rows(client.get(CALLS, {"format": "csv"}))
    assert "hidden-partnership" not in rows[1][-1]
    assert "public-partnership" in rows[1][-1]


def test_call_csv_export_states_each_call(client):
    CallFactory(title="Open call", slug="open-call")
    closed_call(title="+closed", slug="closed-call")
    rows = csv_rows(client.get(CALLS, {"format": "csv", "ordering": "title"}))
    assert [(r[0], r[1], r[4]) for r in rows[1:]] == [
        ("closed-call", "'+closed", "closed"),
        ("open-call", "Open call", "open"),
    ]


def test_partnership_list_filters_by_area_slug_and_open_call(client):
    PartnershipFactory(name="Open one", area=AreaFactory(slug="batteries"))
    PartnershipFactory(name="Closed one", call=closed_call())
    assert "Closed one" not in text_of(client.get(PARTNERSHIPS, {"area": "batteries"}))
    body = text_of(client.get(PARTNERSHIPS, {"call": "closed"}))
    assert "Closed one" in body and "Open one" not in body


def test_partnership_list_and_csv_leave_out_partnerships_of_private_areas(client):
    PartnershipFactory(name="Public one", slug="public-one")
    PartnershipFactory(name="Private one", area=AreaFactory(status=AreaStatus.PROPOSED))
    assert "Private one" not in text_of(client.get(PARTNERSHIPS))
    rows = csv_rows(client.get(PARTNERSHIPS, {"format": "csv"}))
    assert [r[0] for r in rows[1:]] == ["public-one"]


def test_partnership_list_htmx_fragment(client):
    PartnershipFactory(name="Fragment partnership")
    response = client.get(PARTNERSHIPS, {"q": "fragment"}, headers={"HX-Request": "true"})
    body = text_of(response)
    assert body.lstrip().startswith('<div id="listing">') and "<html" not in body
    assert "Fragment partnership" in body


@pytest.mark.parametrize("rows", [1, 20])
def test_partnership_list_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        PartnershipMembershipFactory(partnership=PartnershipFactory())
    with django_assert_max_num_queries(3):
        response = client.get(PARTNERSHIPS)
    assert response.context["page_obj"].paginator.count == rows


@pytest.mark.parametrize("rows", [1, 20])
def test_call_list_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        call = CallFactory()
        PartnershipFactory(call=call)
        PartnershipFactory(call=call)
    with django_assert_max_num_queries(5):
        response = client.get(CALLS)
    assert response.context["page_obj"].paginator.count == rows


def test_partnership_detail_shows_projects_and_the_shared_request_panel():
    partnership = PartnershipFactory()
    ProjectFactory(partnership=partnership, area=partnership.area, title="Shared pilot line")
    ProjectFactory(
        partnership=partnership, area=partnership.area, title="Visible", status="published"
    )
    pending = PartnershipJoinRequestFactory(partnership=partnership)
    coordinator = client_for(representative_of(partnership.coordinator))
    body = text_of(coordinator.get(partnership.get_absolute_url()))
    assert "Visible" in body and "Shared pilot line" not in body
    assert reverse("partnerships:join_request_reject", args=[pending.pk]) in body
    assert f'id="reject-partnership-{pending.pk}"' in body
    applicant = client_for(representative_of(pending.cluster))
    own = text_of(applicant.get(partnership.get_absolute_url()))
    assert reverse("partnerships:join_request_withdraw", args=[pending.pk]) in own
    assert f"Withdraw the request of {pending.cluster.name}" in own


@pytest.mark.parametrize("rows", [1, 20])
def test_partnership_detail_query_count_does_not_grow_with_rows(
    django_assert_max_num_queries, rows
):
    partnership = PartnershipFactory()
    for _ in range(rows):
        PartnershipMembershipFactory(partnership=partnership)
        PartnershipJoinRequestFactory(partnership=partnership)
        ProjectFactory(partnership=partnership, area=partnership.area, status="published")
    client = client_for(representative_of(partnership.coordinator))
    client.get(partnership.get_absolute_url())  # warms the per-process content-type cache
    # One of them for its coming events, one for the link to its discussion board.
    with django_assert_max_num_queries(16):
        response = client.get(partnership.get_absolute_url())
    assert response.status_code == 200
