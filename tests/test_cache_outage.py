"""With the cache on Redis and Redis down, the site works without caching."""

import logging
import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from core import cache as content_cache
from core.resilient_cache import ResilientRedisCache
from tests.accounts.factories import PASSWORD, UserFactory
from tests.regions.factories import RegionFactory, representative_of
from tests.thematic_areas.factories import AreaFactory

from .api.conftest import token_client

# Nothing listens on the discard port: every connection is refused at once.
DEAD_REDIS = "redis://127.0.0.1:9/0"


def dead_cache():
    return ResilientRedisCache(DEAD_REDIS, {"OPTIONS": {"socket_connect_timeout": 0.2}})


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {"BACKEND": "core.resilient_cache.ResilientRedisCache", "LOCATION": DEAD_REDIS}
    }
    settings.PUBLIC_CACHE_SECONDS = 600


def test_a_dead_cache_answers_as_a_cache_that_holds_nothing():
    dead = dead_cache()

    dead.set("key", "value")
    assert dead.get("key") is None
    assert dead.get("key", "fallback") == "fallback"
    assert dead.get_many(["key"]) == {}
    assert dead.has_key("key") is False
    # Free, as far as anyone can tell: a lock taken on it does not block.
    assert dead.add("lock", True) is True
    with pytest.raises(ValueError):
        dead.incr("counter")


def test_an_outage_is_logged_once_not_on_every_call(caplog):
    dead = dead_cache()
    with caplog.at_level(logging.WARNING, logger="core.resilient_cache"):
        for _ in range(20):
            dead.get("key")

    assert [r.message for r in caplog.records] == [
        "Cache unreachable, serving without it: ConnectionError"
    ]


@pytest.mark.django_db
def test_pages_the_api_and_login_answer_with_the_cache_down(client, redis_down):
    area = AreaFactory()
    user = UserFactory()

    assert client.get("/").status_code == 200
    assert client.get(area.get_absolute_url()).status_code == 200
    assert client.get("/api/v1/thematic-areas/").status_code == 200
    refused = client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    assert refused.status_code == 200
    signed_in = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_api_writes_succeed_with_the_cache_down(redis_down):
    region = RegionFactory()
    api = token_client(representative_of(region))

    response = api.post(
        "/api/v1/thematic-areas/",
        {
            "region": region.code,
            "name": "Hydrogen valleys",
            "summary": "Regions building hydrogen value chains.",
            "objectives": "Connect electrolyser makers with users.",
            "action_plan": "Map the valleys, then match projects.",
        },
        format="json",
    )

    assert response.status_code == 201


@pytest.mark.django_db
def test_the_health_check_names_the_cache_as_down(client, redis_down):
    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "down"
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.redis
def test_the_content_version_moves_on_when_the_cache_comes_back(settings, monkeypatch):
    """Writes during the outage could not move the version: it moves when Redis answers again."""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.resilient_cache.ResilientRedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": f"outage-{uuid.uuid4().hex}",
        }
    }
    before = content_cache.content_version()
    client = cache._cache

    def refuse(*args, **kwargs):
        raise RedisConnectionError("down")

    with monkeypatch.context() as outage:
        outage.setattr(client, "get_client", refuse)
        content_cache.bump_content_version()
        assert cache.get(content_cache.VERSION_KEY) is None
    client.breaker.retry_at = 0

    assert content_cache.content_version() == before + 1
