"""Cross-origin reads of the API, from the allowed origins only, and never a write."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ALLOWED = "https://dashboard.region.example.eu"


@pytest.fixture(autouse=True)
def _allowed_origin(settings):
    settings.CORS_ALLOWED_ORIGINS = [ALLOWED]


def test_an_allowed_origin_reads_the_api():
    response = Client().get("/api/v1/regions/", HTTP_ORIGIN=ALLOWED)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ALLOWED
    assert "Access-Control-Allow-Credentials" not in response


def test_another_origin_gets_no_permission():
    response = Client().get("/api/v1/regions/", HTTP_ORIGIN="https://evil.example.com")

    assert "Access-Control-Allow-Origin" not in response


def test_a_preflight_allows_reads_and_a_token_but_no_write():
    response = Client().options(
        "/api/v1/regions/",
        HTTP_ORIGIN=ALLOWED,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )

    assert response.status_code == 200
    methods = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS"}
    assert "authorization" in response["Access-Control-Allow-Headers"]


def test_the_pages_are_never_shared_across_origins():
    response = Client().get("/regions/", HTTP_ORIGIN=ALLOWED)

    assert "Access-Control-Allow-Origin" not in response
