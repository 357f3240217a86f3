"""Visitors' reads from the read replica (core/replica.py).

The `replica` database mirrors the test database through a connection of its
own (tests/conftest.py, `django_db_modify_db_settings`): which connection a
query went through tells where the router sent it. The tests are
transactional: the connection of the replica sees only committed rows, and
a test wrapped in a transaction would send every read to the primary.
"""

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import replica
from core.cache import content_version
from tests.api.conftest import token_client
from tests.page_helpers import client_for
from tests.thematic_areas.factories import AreaFactory
from thematic_areas.models import ThematicArea

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

MIDDLEWARE = "core.replica.ReplicaReadsMiddleware"


@pytest.fixture(autouse=True)
def router(settings):
    """The router and its middleware, as the settings install them with DATABASE_REPLICA_URL."""
    settings.DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
    settings.MIDDLEWARE = [settings.MIDDLEWARE[0], MIDDLEWARE, *settings.MIDDLEWARE[1:]]


@pytest.fixture
def area():
    return AreaFactory(name="Hydrogen valleys")


def selects(queries):
    return [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith("SELECT")]


class Reads:
    """The SELECTs sent through the primary's and the replica's connections."""

    def __enter__(self):
        self._default = CaptureQueriesContext(connections["default"]).__enter__()
        self._replica = CaptureQueriesContext(connections["replica"]).__enter__()
        return self

    def __exit__(self, *exc_info):
        self._replica.__exit__(*exc_info)
        self._default.__exit__(*exc_info)

    @property
    def default(self):
        return selects(self._default.captured_queries)

    @property
    def replica(self):
        return selects(self._replica.captured_queries)


def test_a_visitors_public_page_reads_the_replica(client, area):
    with Reads() as reads:
        response = client.get(reverse("thematic_areas:area_list"))

    assert response.status_code == 200
    assert "Hydrogen valleys" in response.content.decode()
    assert reads.replica
    assert reads.default == []


def test_a_visitors_api_list_and_detail_read_the_replica(client, area):
    with Reads() as reads:
        listed = client.get("/api/v1/thematic-areas/")
        detail = client.get(f"/api/v1/thematic-areas/{area.slug}/")

    assert [row["name"] for row in listed.json()["results"]] == ["Hydrogen valleys"]
    assert detail.json()["name"] == "Hydrogen valleys"
    assert reads.replica
    assert reads.default == []


def test_a_signed_in_users_page_reads_the_primary(member, area):
    # They must see what they have just written (read-your-writes).
    client = client_for(member)

    with Reads() as reads:
        response = client.get(reverse("thematic_areas:area_list"))

    assert response.status_code == 200
    assert reads.default
    assert reads.replica == []


def test_a_token_holders_api_reads_the_primary(member, area):
    with Reads() as reads:
        response = token_client(member).get("/api/v1/thematic-areas/")

    assert response.status_code == 200
    assert reads.default
    assert reads.replica == []


def test_a_post_reads_and_writes_the_primary(client, member):
    with Reads() as reads:
        response = client.post(
            reverse("account_login"), {"login": member.email, "password": "wrong"}
        )

    assert response.status_code == 200
    assert reads.default
    assert reads.replica == []


def run_as_visitor(view):
    """Run `view` inside the middleware, for a visitor's GET; return what it returned."""
    return replica.ReplicaReadsMiddleware(lambda request: view())(RequestFactory().get("/"))


def test_in_a_visitors_request_writes_and_reads_in_a_transaction_go_to_the_primary(area):
    def view():
        with Reads() as outside:
            ThematicArea.objects.count()
        with Reads() as inside, transaction.atomic():
            ThematicArea.objects.select_for_update().get(pk=area.pk)
            AreaFactory(name="Offshore wind")
        return outside, inside

    outside, inside = run_as_visitor(view)

    assert outside.replica and not outside.default
    assert inside.default and not inside.replica
    assert ThematicArea.objects.using("default").filter(name="Offshore wind").exists()


def test_outside_a_request_everything_reads_the_primary(area):
    with Reads() as reads:
        ThematicArea.objects.count()

    assert reads.default
    assert reads.replica == []


def test_the_router_never_migrates_the_replica():
    router = replica.ReplicaRouter()

    assert router.allow_migrate("default", "thematic_areas")
    assert not router.allow_migrate("replica", "thematic_areas")


def test_rows_read_from_either_copy_may_be_related(area):
    from_replica = ThematicArea.objects.using("replica").get(pk=area.pk)

    assert replica.ReplicaRouter().allow_relation(from_replica, area)


@pytest.mark.postgres
def test_with_the_visitors_cache_on_a_replica_that_caught_up_serves_visitors(
    client, area, cache_on
):
    with Reads() as reads:
        response = client.get(reverse("thematic_areas:area_list"))

    assert response.status_code == 200
    assert reads.replica
    # Once per content version, the primary says where its log stands.
    assert reads.default == ["SELECT pg_current_wal_insert_lsn()::text"]
    assert cache.get(replica.POSITION_KEY.format(content_version()))
    with Reads() as again:
        client.get(reverse("thematic_areas:area_detail", args=[area.slug]))
    assert again.default == []
    assert again.replica


@pytest.mark.postgres
def test_with_the_visitors_cache_on_a_replica_behind_leaves_visitors_on_the_primary(
    client, area, cache_on, monkeypatch
):
    # Its rows would be stored under the content version of a write it has not replayed.
    monkeypatch.setattr(replica, "_replayed", lambda position: False)

    with Reads() as reads:
        response = client.get(reverse("thematic_areas:area_list"))

    assert "Hydrogen valleys" in response.content.decode()
    assert reads.default
    assert reads.replica == []


@pytest.mark.postgres
def test_a_server_out_of_recovery_has_replayed_everything():
    assert replica._replayed(replica._primary_position())


def test_without_a_replica_url_the_settings_install_no_router(load_settings):
    loaded = load_settings(DATABASE_REPLICA_URL=None)

    assert list(loaded["DATABASES"]) == ["default"]
    assert "DATABASE_ROUTERS" not in loaded
    assert MIDDLEWARE not in loaded["MIDDLEWARE"]


def test_with_a_replica_url_the_settings_add_the_replica_its_router_and_middleware(
    load_settings,
):
    loaded = load_settings(
        DATABASE_URL="postgres://s3p@primary.example.eu:5432/s3p",
        DATABASE_REPLICA_URL="postgres://s3p@replica.example.eu:5432/s3p",
    )

    assert loaded["DATABASES"]["replica"]["HOST"] == "replica.example.eu"
    assert loaded["DATABASES"]["replica"]["TEST"] == {"MIRROR": "default"}
    assert loaded["DATABASE_ROUTERS"] == ["core.replica.ReplicaRouter"]
    assert loaded["MIDDLEWARE"][1] == MIDDLEWARE


def test_a_replica_needs_postgresql(load_settings):
    with pytest.raises(ImproperlyConfigured, match="needs PostgreSQL"):
        load_settings(
            DATABASE_URL="sqlite:///portal.sqlite3", DATABASE_REPLICA_URL="sqlite:///copy.sqlite3"
        )
