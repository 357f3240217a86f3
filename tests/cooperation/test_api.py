"""The cooperation API: the same services and rules as the pages, JSON errors, few queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cooperation.models import Interest
from tests.api.conftest import token_client
from tests.cooperation.conftest import posting_fields
from tests.cooperation.factories import ConversationFactory, MessageFactory, PostingFactory
from tests.regions.factories import RegionFactory, representative_of

pytestmark = pytest.mark.django_db


def body(poster_cluster, printing, **overrides):
    fields = posting_fields(**overrides)
    return {
        **fields,
        "closes_on": fields["closes_on"].isoformat(),
        "cluster": poster_cluster.slug,
        "priorities": [f"nace:{printing[0].code}"],
        "partner_types": ["region"],
        "countries": ["de"],
    }


def test_a_representative_posts_edits_and_closes_through_the_api(poster, poster_cluster, printing):
    client = token_client(poster)

    created = client.post(
        "/api/v1/cooperation-postings/", body(poster_cluster, printing), format="json"
    )
    assert created.status_code == 201, created.json()
    slug = created.json()["slug"]
    assert created.json()["countries"] == ["DE"]
    changed = client.patch(
        f"/api/v1/cooperation-postings/{slug}/", {"title": "Printing wanted"}, format="json"
    )
    assert changed.json()["title"] == "Printing wanted"
    closed = client.post(f"/api/v1/cooperation-postings/{slug}/close/")
    assert closed.json()["is_open"] is False
    listed = APIClient().get("/api/v1/cooperation-postings/", {"state": "closed"}).json()
    assert [p["slug"] for p in listed["results"]] == [slug]


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"cluster": None, "region": None}, 400, "region"),
        ({"priorities": ["nace:ZZ9"]}, 400, "priorities"),
        ({"closes_on": "2000-01-01"}, 400, "closes_on"),
        ({"countries": ["Deutschland"]}, 400, "countries"),
        ({"colour": "red"}, 400, "colour"),
    ],
)
def test_bad_postings_get_field_errors(poster, poster_cluster, printing, change, status, field):
    data = {k: v for k, v in {**body(poster_cluster, printing), **change}.items() if v is not None}
    response = token_client(poster).post("/api/v1/cooperation-postings/", data, format="json")
    assert response.status_code == status
    assert field in response.json()


def test_a_member_and_a_visitor_may_not_post(member, poster_cluster, printing):
    data = body(poster_cluster, printing)
    assert APIClient().post("/api/v1/cooperation-postings/", data, format="json").status_code == 401
    forbidden = token_client(member).post("/api/v1/cooperation-postings/", data, format="json")
    assert forbidden.status_code == 403


def test_interest_acceptance_and_messages_through_the_api(posting, poster):
    region = RegionFactory()
    rep = token_client(representative_of(region))
    made = rep.post(
        "/api/v1/cooperation-interests/",
        {"posting": posting.slug, "region": region.code, "message": "We can print."},
        format="json",
    )
    assert made.status_code == 201, made.json()
    again = rep.post(
        "/api/v1/cooperation-interests/",
        {"posting": posting.slug, "region": region.code, "message": "Again."},
        format="json",
    )
    assert again.status_code == 409
    pk = made.json()["id"]
    assert rep.post(f"/api/v1/cooperation-interests/{pk}/accept/").status_code == 403

    accepted = token_client(poster).post(f"/api/v1/cooperation-interests/{pk}/accept/")

    assert accepted.json()["status"] == "accepted"
    conversation = Interest.objects.get().conversation
    url = f"/api/v1/conversations/{conversation.pk}/messages/"
    assert rep.post(url, {"body": "Hello"}, format="json").status_code == 201
    assert rep.post(url, {"body": ""}, format="json").status_code == 400
    mine = token_client(poster).get("/api/v1/conversations/").json()["results"]
    assert [(c["id"], c["unread"]) for c in mine] == [(conversation.pk, 1)]
    assert token_client(poster).get(url).json()["results"][0]["body"] == "Hello"
    assert token_client(poster).get("/api/v1/conversations/").json()["results"][0]["unread"] == 0
    outsider = token_client(representative_of(RegionFactory()))
    assert outsider.get(url).status_code == 404


def test_declining_needs_a_reason(posting, poster):
    region = RegionFactory()
    interest = Interest.objects.create(
        posting=posting, region=region, message="Hi", created_by=representative_of(region)
    )
    url = f"/api/v1/cooperation-interests/{interest.pk}/decline/"
    assert token_client(poster).post(url, {}, format="json").status_code == 400
    declined = token_client(poster).post(url, {"reason": "Found one"}, format="json")
    assert declined.json()["status"] == "declined"


def count_queries(client, url, rows):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": 100})
    assert len(response.json()["results"]) == rows
    return len(queries)


@pytest.mark.parametrize("rows", [1, 50])
def test_the_conversations_and_messages_lists_cost_the_same_for_1_and_50_rows(rows):
    region = RegionFactory()
    user = representative_of(region)
    conversations = ConversationFactory.create_batch(rows, first_region=region)
    MessageFactory.create_batch(rows, conversation=conversations[0], author=user)
    client = token_client(user)

    assert count_queries(client, "/api/v1/conversations/", rows) == 5
    messages = f"/api/v1/conversations/{conversations[0].pk}/messages/"
    assert count_queries(client, messages, rows) == 6


@pytest.mark.parametrize("rows", [1, 50])
def test_the_pages_cost_the_same_for_1_and_50_rows(rows, client, django_assert_num_queries):
    PostingFactory.create_batch(rows)
    with django_assert_num_queries(5):
        client.get("/cooperation/")
