"""Bad input is a 4xx with a message, never a 500 and never half-written data."""

import pytest
from rest_framework.test import APIClient

from regions.models import Cluster
from tests.regions.factories import (
    ClusterFactory,
    PriorityFactory,
    RegionFactory,
    representative_of,
)
from tests.thematic_areas.factories import AreaFactory
from thematic_areas.models import AreaJoinRequest, ThematicArea

from .conftest import token_client

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def cluster_rep():
    cluster = ClusterFactory()
    return cluster, token_client(representative_of(cluster))


def test_unknown_fields_are_refused_by_name(cluster_rep):
    cluster, client = cluster_rep
    response = client.patch(
        f"{API}/clusters/{cluster.slug}/", {"name": "New", "status": "published"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"status": ["Unknown field."]}
    cluster.refresh_from_db()
    assert cluster.name != "New"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"members_sme": "many"}, "members_sme"),
        ({"members_sme": -1}, "members_sme"),
        ({"management_fte": "1e999"}, "management_fte"),
        ({"website": "not a url"}, "website"),
        ({"name": ["a list"]}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"description": "x" * 10001}, "description"),
        ({"priorities": ["nace"]}, "priorities"),
        ({"priorities": ["nace:NOPE"]}, "priorities"),
        ({"priorities": "nace:C25"}, "priorities"),
    ],
)
def test_wrong_types_and_oversize_strings_are_400(cluster_rep, body, field):
    cluster, client = cluster_rep
    response = client.patch(f"{API}/clusters/{cluster.slug}/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_malformed_json_is_400(cluster_rep):
    cluster, client = cluster_rep
    response = client.generic(
        "PATCH", f"{API}/clusters/{cluster.slug}/", '{"name": ', content_type="application/json"
    )
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_a_body_that_is_not_an_object_is_400(cluster_rep):
    cluster, client = cluster_rep
    response = client.patch(f"{API}/clusters/{cluster.slug}/", ["name"], format="json")
    assert response.status_code == 400


def test_a_form_encoded_body_is_415(cluster_rep):
    cluster, client = cluster_rep
    response = client.patch(f"{API}/clusters/{cluster.slug}/", "name=x", content_type="text/plain")
    assert response.status_code == 415


def test_an_oversized_body_is_413(cluster_rep, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    cluster, client = cluster_rep
    response = client.patch(
        f"{API}/clusters/{cluster.slug}/", {"description": "x" * 2000}, format="json"
    )
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large: at most 1000\xa0bytes."}
    assert Cluster.objects.get(pk=cluster.pk).description == ""


def test_an_unknown_nuts_code_is_named_in_the_message():
    region = RegionFactory()
    area = AreaFactory()
    client = token_client(representative_of(region))
    response = client.post(
        f"{API}/area-join-requests/",
        {"area": area.slug, "region": "ZZ99", "statement": "Us."},
        format="json",
    )
    assert response.json() == {"region": ["Unknown NUTS code “ZZ99”."]}
    assert not AreaJoinRequest.objects.exists()


def test_missing_required_fields_are_listed(member_api):
    response = member_api.post(f"{API}/thematic-areas/", {}, format="json")
    assert response.status_code == 400
    assert {"region", "name", "summary", "objectives", "action_plan"} <= set(response.json())
    assert not ThematicArea.objects.exists()


@pytest.mark.parametrize(
    "query",
    ["page=0", "page=abc", "page=99", "ordering=password", "page_size=-1", "search=%00"],
)
def test_odd_query_strings_never_fail_the_server(db, query):
    response = APIClient().get(f"{API}/regions/?{query}")
    assert response.status_code in (200, 400, 404)


def test_an_invalid_page_is_404_with_a_message(db):
    response = APIClient().get(f"{API}/regions/?page=99")
    assert response.status_code == 404
    assert response.json()["detail"] == "Invalid page."


@pytest.mark.parametrize("search", ["\x00", "x" * 101])
def test_a_null_character_or_overlong_search_is_400(db, search):
    response = APIClient().get(f"{API}/clusters/", {"search": search})
    assert response.status_code == 400
    assert "search" in response.json()


def test_an_unknown_api_path_is_a_json_404(db):
    response = APIClient().get(f"{API}/area-join-requests/%C2%84/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize(
    "body",
    [
        {"region": "ES\x0051", "statement": "We bring hydrogen."},
        {"region": "ES51", "statement": "We bring\x00 hydrogen."},
        {"region\x00": "ES51", "statement": "We bring hydrogen."},
    ],
)
def test_a_nul_character_anywhere_in_a_write_is_a_json_400(body):
    region = RegionFactory(code="ES51")
    area = AreaFactory()
    client = token_client(representative_of(region))

    response = client.post(f"{API}/area-join-requests/", {"area": area.slug, **body}, format="json")

    assert response.status_code == 400
    assert "NUL character" in response.json()["detail"]
    assert not AreaJoinRequest.objects.exists()


def test_a_nul_character_is_named_by_where_it_stands():
    client = token_client(representative_of(RegionFactory()))

    response = client.post(f"{API}/thematic-areas/", {"name": ["ok", "b\x00d"]}, format="json")

    assert response.json() == {"detail": "name[1] holds a NUL character."}


@pytest.mark.parametrize("depth", [25, 3000])
def test_deeply_nested_json_is_a_json_400(member_api, depth):
    body = "[" * depth + "]" * depth

    response = member_api.generic(
        "POST", f"{API}/thematic-areas/", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "The JSON is nested too deeply."}
    assert not ThematicArea.objects.exists()


def test_a_created_resource_is_located():
    region = RegionFactory()
    client = token_client(representative_of(region))
    body = {"area": AreaFactory().slug, "region": region.code, "statement": "We bring hydrogen."}

    response = client.post(f"{API}/area-join-requests/", body, format="json")

    assert response.status_code == 201
    assert response["Location"] == response.json()["url"]


@pytest.mark.parametrize("path", ["priorities/", "notifications/"])
def test_an_unknown_ordering_is_a_400_naming_the_choices(member_api, path):
    response = member_api.get(f"{API}/{path}?ordering=password")

    assert response.status_code == 400
    assert response.json()["ordering"][0].startswith("Sort by one of: ")


def test_a_known_ordering_still_sorts():
    PriorityFactory(scheme="nace", code="B", name="Mining")
    PriorityFactory(scheme="nace", code="A", name="Agriculture")

    names = [
        p["name"] for p in APIClient().get(f"{API}/priorities/?ordering=-name").json()["results"]
    ]

    assert names.index("Mining") < names.index("Agriculture")
