"""Error answers: 503 while the database is down, JSON under /api/, links that stay on the site."""

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client, RequestFactory

from core.context_processors import language_links
from thematic_areas.api.views import AreaViewSet

pytestmark = pytest.mark.django_db


def database_down(*args, **kwargs):
    """Every query, as while PostgreSQL restarts."""
    raise OperationalError("connection refused")


@pytest.fixture
def unraised():
    return Client(raise_request_exception=False)


def test_a_page_answers_503_while_the_database_is_down(unraised, monkeypatch):
    monkeypatch.setattr(CursorWrapper, "execute", database_down)

    response = unraised.get("/areas/some-area/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "cannot reach its database" in response.text
    assert "connection refused" not in response.text


def test_the_api_answers_503_in_json_while_the_database_is_down(unraised, monkeypatch):
    monkeypatch.setattr(CursorWrapper, "execute", database_down)

    response = unraised.get("/api/v1/thematic-areas/")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "The service cannot reach its database. Try again shortly."
    }


def test_another_server_error_of_the_api_is_json(unraised, monkeypatch):
    monkeypatch.setattr(AreaViewSet, "get_queryset", lambda view: 1 / 0)

    response = unraised.get("/api/v1/thematic-areas/")

    assert response.status_code == 500
    assert response.json() == {"detail": "A server error occurred."}


def test_the_api_root_lists_the_collections(client):
    answer = client.get("/api/v1/").json()

    assert answer["thematic-areas"] == "http://testserver/api/v1/thematic-areas/"
    assert answer["clusters"] == "http://testserver/api/v1/clusters/"
    assert answer["schema"] == "http://testserver/api/schema/"
    assert client.get(answer["projects"]).status_code == 200


@pytest.mark.parametrize("path", ["//evil.example/page", "/\\evil.example/page"])
def test_language_links_of_a_strange_path_stay_on_the_site(path):
    request = RequestFactory().get("/")
    request.path = path

    urls = [link["url"] for link in language_links(request)]

    assert all(url.startswith("/") and url[1] not in "/\\" for url in urls)
