"""Pages and API lists cached for visitors, forgotten by any committed write."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.http import HttpResponse
from django.middleware.common import CommonMiddleware
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, reverse
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from core import cache as core_cache
from core import downloads
from core.api.caching import plain
from core.cache import cache_for_visitors, cache_key, content_version, is_write
from tests.api.conftest import token_client
from tests.thematic_areas.factories import AreaFactory
from thematic_areas.models import ThematicArea

pytestmark = pytest.mark.django_db


# Tests of invalidation commit for real (transaction=True): the version moves
# when a transaction commits, which a test wrapped in one transaction never does.
real_commits = pytest.mark.django_db(transaction=True)


def test_a_visitor_gets_the_second_request_from_the_cache(
    cache_on, client, django_assert_num_queries
):
    AreaFactory(name="Hydrogen valleys")
    first = client.get(reverse("thematic_areas:area_list"))

    with django_assert_num_queries(0):
        second = client.get(reverse("thematic_areas:area_list"))

    assert second.status_code == 200
    assert second.content == first.content
    assert "Hydrogen valleys" in second.text
    assert second["ETag"] == first["ETag"]
    assert second["Content-Length"] == str(len(second.content))


def test_without_a_cache_lifetime_nothing_is_cached(settings, client, django_assert_num_queries):
    settings.PUBLIC_CACHE_SECONDS = 0
    AreaFactory()
    client.get(reverse("thematic_areas:area_list"))

    # Count, rows and their prefetches, and the filters' country and priority options.
    with django_assert_num_queries(6):
        client.get(reverse("thematic_areas:area_list"))


@real_commits
def test_a_committed_write_shows_on_the_next_request(cache_on, client):
    url = reverse("thematic_areas:area_list")
    client.get(url)

    AreaFactory(name="Marine renewables")

    assert "Marine renewables" in client.get(url).text


@real_commits
def test_a_bulk_update_without_signals_shows_too(cache_on, client):
    area = AreaFactory(name="Photonics")
    url = reverse("thematic_areas:area_detail", args=[area.slug])
    assert "Photonics" in client.get(url).text

    ThematicArea.objects.filter(pk=area.pk).update(name="Integrated photonics")

    assert "Integrated photonics" in client.get(url).text


def test_an_uncommitted_write_leaves_the_version(cache_on, django_capture_on_commit_callbacks):
    before = content_version()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        AreaFactory()

    assert callbacks
    assert content_version() == before


@real_commits
def test_one_transaction_moves_the_version_once(cache_on):
    before = content_version()

    with transaction.atomic():
        AreaFactory()
        AreaFactory()

    assert content_version() == before + 1


@real_commits
def test_a_rolled_back_transaction_moves_nothing_and_later_writes_still_count(cache_on):
    before = content_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        AreaFactory()
        raise RuntimeError
    assert content_version() == before

    AreaFactory()

    # Outside a transaction each statement commits on its own, and counts.
    assert content_version() > before


@real_commits
def test_an_update_that_changes_no_row_moves_nothing(cache_on):
    before = content_version()

    ThematicArea.objects.filter(slug="no-such-area").update(name="Nothing")

    assert content_version() == before


def test_migrate_forgets_what_the_previous_release_rendered(cache_on):
    before = content_version()

    call_command("migrate", verbosity=0)

    assert content_version() > before


@pytest.mark.parametrize(
    ("sql", "write"),
    [
        ('INSERT INTO "thematic_areas_thematicarea" ("name") VALUES (%s)', True),
        ('  update "regions_cluster" SET "name" = %s', True),
        ('DELETE FROM "projects_investmentproject" WHERE id = 1', True),
        ('TRUNCATE "regions_region"', True),
        ('SELECT "name" FROM "regions_region"', False),
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('DELETE FROM "django_session" WHERE "session_key" = %s', False),
        ('UPDATE "notifications_notification" SET "delivery" = %s', False),
        ('UPDATE "accounts_apitoken" SET "last_used_at" = %s', False),
        # A login stamps last_login; the admin logs its actions.
        ('UPDATE "accounts_user" SET "last_login" = %s WHERE "id" = %s', False),
        ('INSERT INTO "django_admin_log" ("action_time") VALUES (%s)', False),
        ('INSERT INTO "regions_cluster_priorities" ("cluster_id") VALUES (%s)', True),
        ('INSERT INTO "regions_historicalcluster" ("name") VALUES (%s)', True),
    ],
)
def test_which_statements_count_as_writes(sql, write):
    assert is_write(sql) is write


def test_pages_are_cached_per_language(cache_on, client):
    AreaFactory()
    english = client.get(reverse("thematic_areas:area_list"))
    french = client.get("/fr" + reverse("thematic_areas:area_list"))

    assert english["Content-Language"] == "en"
    assert french["Content-Language"] == "fr"
    assert english.content != french.content


def test_pages_are_cached_per_query_string(cache_on, client):
    AreaFactory(name="Batteries")
    AreaFactory(name="Robotics")
    url = reverse("thematic_areas:area_list")
    client.get(url)

    filtered = client.get(url, {"q": "Robotics"})

    assert "Robotics" in filtered.text
    assert "Batteries" not in filtered.text


def test_signed_in_users_are_never_served_the_visitors_page(cache_on, client, member):
    url = reverse("thematic_areas:area_list")
    client.get(url)
    client.force_login(member)

    body = client.get(url).text

    assert "My dashboard" in body
    assert "Sign In" not in body


def test_a_visitor_with_pending_messages_gets_a_fresh_page(cache_on, client):
    url = reverse("thematic_areas:area_list")
    client.get(url)
    assert client.get(url).templates == []  # served from the cache
    client.cookies["messages"] = "anything"

    response = client.get(url)

    assert "thematic_areas/area_list.html" in [t.name for t in response.templates]


def test_a_page_holding_a_csrf_token_is_not_stored(cache_on):
    calls = []

    @cache_for_visitors
    def form_page(request):
        calls.append(request)
        return HttpResponse(f"<input value='{get_token(request)}'>")

    factory = RequestFactory()
    form_page(factory.get("/form/"))
    form_page(factory.get("/form/"))

    assert len(calls) == 2


def test_only_successful_pages_are_stored(cache_on, client, django_assert_num_queries):
    url = reverse("thematic_areas:area_detail", args=["no-such-area"])
    assert client.get(url).status_code == 404

    with django_assert_num_queries(1):
        assert client.get(url).status_code == 404


def test_a_client_holding_the_page_gets_not_modified(cache_on, client):
    url = reverse("thematic_areas:area_list")
    etag = client.get(url)["ETag"]

    response = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""


@pytest.mark.parametrize("url", ["/areas/", "/api/v1/thematic-areas/"])
def test_a_head_request_carries_the_etag_of_the_get(client, url):
    AreaFactory()
    etag = client.get(url)["ETag"]

    head = client.head(url)

    assert head.status_code == 200
    assert head["ETag"] == etag
    assert client.head(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_an_uncached_page_is_conditional_too(client, settings):
    settings.PUBLIC_CACHE_SECONDS = 0
    url = reverse("thematic_areas:area_list")
    etag = client.get(url)["ETag"]

    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


@real_commits
def test_the_api_list_is_cached_for_callers_without_credentials(
    cache_on, django_assert_num_queries
):
    api = APIClient()
    AreaFactory(name="Batteries")
    url = reverse("api:area-list")
    first = api.get(url)

    with django_assert_num_queries(0):
        second = api.get(url)
    assert second.json() == first.json()

    AreaFactory(name="Smart grids")
    names = [area["name"] for area in api.get(url).json()["results"]]

    assert "Smart grids" in names
    etag = api.get(url)["ETag"]
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


@real_commits
def test_an_api_resource_is_cached_for_callers_without_credentials(
    cache_on, django_assert_num_queries
):
    api = APIClient()
    area = AreaFactory(name="Batteries")
    url = reverse("api:area-detail", args=[area.slug])
    first = api.get(url)

    with django_assert_num_queries(0):
        second = api.get(url)
    assert second.content == first.content

    ThematicArea.objects.filter(pk=area.pk).update(name="Battery recycling")
    assert api.get(url).json()["name"] == "Battery recycling"


def test_an_api_list_is_rendered_as_json_once_per_media_type(cache_on, monkeypatch):
    api = APIClient()
    AreaFactory(name="Batteries")
    url = reverse("api:area-list")
    rendered = []
    render = JSONRenderer.render

    def counting(self, data, accepted_media_type=None, renderer_context=None):
        rendered.append(accepted_media_type)
        return render(self, data, accepted_media_type, renderer_context)

    monkeypatch.setattr(JSONRenderer, "render", counting)
    first, second = api.get(url), api.get(url)
    indented = api.get(url, HTTP_ACCEPT="application/json; indent=2")

    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"] == "application/json"
    assert b'\n  "count": 1' in indented.content
    assert rendered == ["application/json", "application/json; indent=2"]
    assert "Batteries" in api.get(url, {"format": "api"}).text


def test_an_api_caller_with_a_token_is_not_served_from_the_cache(cache_on, member):
    api = token_client(member)
    AreaFactory()
    url = reverse("api:area-list")
    api.get(url)

    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)

    assert response.status_code == 200
    assert len(queries) > 0


def test_an_api_page_is_cached_as_plain_data():
    """Hyperlinks keep their model instance: the cache must hold strings only."""
    from rest_framework.relations import Hyperlink

    data = {"results": [{"url": Hyperlink("http://x/areas/a/", obj=object()), "n": 1}]}

    stored = plain(data)

    assert stored == {"results": [{"url": "http://x/areas/a/", "n": 1}]}
    assert type(stored["results"][0]["url"]) is str


def test_an_htmx_fragment_is_never_served_as_the_page(cache_on, client):
    AreaFactory(name="Hydrogen valleys")
    url = reverse("thematic_areas:area_list")
    fragment = client.get(url, HTTP_HX_REQUEST="true")

    page = client.get(url)

    assert b"<html" not in fragment.content
    assert b"<html" in page.content
    assert "HX-Request" in page["Vary"]


def test_a_restored_history_entry_gets_the_page_not_a_cached_fragment(cache_on, client):
    url = reverse("thematic_areas:area_list")
    client.get(url, HTTP_HX_REQUEST="true")

    restored = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")

    assert b"<html" in restored.content


def test_another_host_does_not_put_its_links_in_the_cache(cache_on, client, settings):
    settings.ALLOWED_HOSTS = ["portal.example.eu", "attacker.example"]
    AreaFactory()
    client.get("/api/v1/thematic-areas/", HTTP_HOST="attacker.example")
    client.get(reverse("thematic_areas:area_list"), HTTP_HOST="attacker.example")

    api = client.get("/api/v1/thematic-areas/", HTTP_HOST="portal.example.eu")
    page = client.get(reverse("thematic_areas:area_list"), HTTP_HOST="portal.example.eu")

    assert b"attacker.example" not in api.content
    assert "portal.example.eu" in api.text
    assert b"attacker.example" not in page.content


def small_parts(monkeypatch):
    monkeypatch.setattr(downloads, "CHUNK_CHARACTERS", 16)
    monkeypatch.setattr(core_cache, "PART_BYTES", 64)


def test_a_list_download_is_stored_in_parts_and_served_from_them(
    cache_on, client, monkeypatch, django_assert_num_queries
):
    small_parts(monkeypatch)
    AreaFactory.create_batch(3)
    url = reverse("thematic_areas:area_list")
    first = client.get(url, {"format": "csv"})
    body = first.getvalue()
    assert cache.get(cache_key("page", RequestFactory().get(url, {"format": "csv"})))["parts"] > 2

    with django_assert_num_queries(0):
        again = client.get(url, {"format": "csv"})
        assert again.streaming
        assert again.getvalue() == body
    assert again["Content-Disposition"] == first["Content-Disposition"]
    assert again["Content-Type"] == first["Content-Type"]


def test_a_download_missing_a_part_is_made_afresh(cache_on, client, monkeypatch):
    small_parts(monkeypatch)
    AreaFactory.create_batch(3)
    url = reverse("thematic_areas:area_list")
    first = client.get(url, {"format": "csv"}).getvalue()
    key = cache_key("page", RequestFactory().get(url, {"format": "csv"}))
    cache.delete(f"{key}:1")

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, {"format": "csv"}).getvalue() == first
    assert len(captured) > 0


def test_a_page_stored_by_the_previous_release_is_still_served(cache_on, client):
    url = reverse("thematic_areas:area_list")
    key = cache_key("page", RequestFactory().get(url))
    cache.set(key, {"content": b"stored before", "headers": {}, "etag": '"old"'}, 60)

    response = client.get(url)

    assert (response.status_code, response.content, response["ETag"]) == (
        200,
        b"stored before",
        '"old"',
    )


def test_a_stored_page_is_served_before_the_inner_middleware(cache_on, client, monkeypatch):
    url = reverse("thematic_areas:area_list")
    first = client.get(url)

    def must_not_run(self, request):
        raise AssertionError("a stored page went through the inner middleware")

    monkeypatch.setattr(CommonMiddleware, "process_request", must_not_run)
    second = client.get(url)

    assert second.content == first.content
    # The outer middleware still add the headers every answer carries.
    assert second["X-Frame-Options"] == first["X-Frame-Options"] == "DENY"
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["ETag"] == first["ETag"]
    assert second["X-Request-ID"]


def test_a_miss_reads_the_cache_for_the_page_once(cache_on, client, monkeypatch):
    url = reverse("thematic_areas:area_list")
    looked_up = []
    real = core_cache.stored_response
    monkeypatch.setattr(
        core_cache, "stored_response", lambda key: looked_up.append(key) or real(key)
    )

    client.get(url)
    client.get(url)

    assert len(looked_up) == 2
    assert looked_up[0] == looked_up[1]


def test_a_page_that_is_not_stored_costs_no_read_of_the_cache(cache_on, client, monkeypatch):
    def must_not_run(key):
        raise AssertionError("looked for a stored page of a view that stores none")

    monkeypatch.setattr(core_cache, "stored_response", must_not_run)

    assert client.get(reverse("account_login")).status_code == 200
    assert client.get("/no-such-page/").status_code == 404


def test_a_path_seen_before_is_resolved_once_a_request(cache_on, client, monkeypatch):
    stored, constant = reverse("thematic_areas:area_list"), reverse("healthz")
    client.get(stored)
    client.get(constant)
    resolved = []
    real = URLResolver.resolve
    monkeypatch.setattr(
        URLResolver, "resolve", lambda self, path: resolved.append(path) or real(self, path)
    )

    assert client.get(stored).status_code == 200
    assert client.get(constant).status_code == 200

    # The stored page needs no view; the other is resolved by Django's handler alone.
    assert [path for path in resolved if path in (stored, constant)] == [constant]
