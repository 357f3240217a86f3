"""The OpenAPI schema validates, documents every operation, and its docs need no CDN."""

import html
import re

import pytest
import yaml
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

METHODS = {"get", "post", "patch", "put", "delete"}


@pytest.fixture(scope="module")
def schema(django_db_blocker, tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "schema.yml"
    with django_db_blocker.unblock():
        # Raises (and fails the test) on any warning or validation error.
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text())


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def test_every_resource_is_under_api_v1(schema):
    resources = {path.split("/")[3] for path in schema["paths"]} - {""}
    assert "/api/v1/" in schema["paths"]
    assert resources == {
        "regions",
        "priorities",
        "clusters",
        "thematic-areas",
        "area-join-requests",
        "calls",
        "partnerships",
        "partnership-join-requests",
        "projects",
        "events",
        "event-registrations",
        "meetings",
        "cooperation-postings",
        "cooperation-interests",
        "conversations",
        "board-topics",
        "notifications",
        "exports",
        "pipeline",
        "me",
    }


def test_exports_document_csv_and_answer_errors_in_json(schema):
    exports = [path for path in schema["paths"] if path.startswith("/api/v1/exports/")]
    assert len(exports) == 4
    for path in exports:
        responses = schema["paths"][path]["get"]["responses"]
        assert set(responses["200"]["content"]) == {"application/json", "text/csv"}
        assert set(responses["400"]["content"]) == {"application/json"}


def test_every_operation_has_a_summary_and_its_error_responses(schema):
    for path, method, operation in operations(schema):
        assert operation.get("summary"), (method, path)
        responses = set(operation["responses"])
        assert {"400", "401", "403", "429"} <= responses, (method, path)
        if "{" in path:
            assert "404" in responses, (method, path)
        for code in ("400", "401", "403", "429"):
            assert operation["responses"][code]["content"]["application/json"]["examples"]


def test_lists_document_paging_and_their_filters(schema):
    params = {p["name"] for p in schema["paths"]["/api/v1/thematic-areas/"]["get"]["parameters"]}
    assert {"page", "page_size", "search", "status", "member_region", "updated_since"} <= params
    params = {p["name"] for p in schema["paths"]["/api/v1/projects/"]["get"]["parameters"]}
    assert {"stage", "area", "country", "ordering"} <= params


def test_transitions_are_post_actions(schema):
    for resource in ("area-join-requests", "partnership-join-requests"):
        for transition in ("approve", "reject", "withdraw"):
            assert "post" in schema["paths"][f"/api/v1/{resource}/{{id}}/{transition}/"]


def test_token_authentication_is_documented(schema):
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert scheme == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": scheme["description"],
    }


def test_the_docs_page_loads_everything_from_our_own_static_files():
    client = Client()
    response = client.get("/api/docs/")
    page = response.content.decode()
    assets = [html.unescape(a) for a in re.findall(r'(?:src|href)="([^"]+)"', page)]
    assert any("swagger-ui-bundle.js" in asset for asset in assets)
    for asset in assets:
        assert asset.startswith(("/static/", "/api/docs/?")), asset
        assert client.get(asset).status_code == 200, asset
    # Nothing inline, so the Content-Security-Policy lets the page run.
    assert "<style" not in page
    assert not re.search(r"<script>", page)
    assert client.get("/api/schema/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/regions/{code}/suggested-areas/",
        "/api/v1/regions/{code}/similar-regions/",
        "/api/v1/projects/{project_slug}/suggested-partners/",
    ],
)
def test_suggestion_lists_are_documented_as_lists(schema, path):
    ok = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"]["type"] == "array"


def test_every_query_parameter_is_typed_as_it_is_written(schema):
    """An enum of words is a string (`call=open`), not the integer of the model's foreign key."""
    wrong = [
        (path, parameter["name"])
        for path, _, operation in operations(schema)
        for parameter in operation.get("parameters", [])
        if any(isinstance(value, str) for value in parameter["schema"].get("enum", []))
        and parameter["schema"].get("type") != "string"
    ]
    assert wrong == []


def test_money_is_an_exact_decimal_string_everywhere(schema):
    money = {
        (name, field): prop
        for name, component in schema["components"]["schemas"].items()
        for field, prop in component.get("properties", {}).items()
        if field in {"amount", "total_investment"}
    }
    assert len(money) >= 5
    assert {(p.get("type"), p.get("format")) for p in money.values()} == {("string", "decimal")}
