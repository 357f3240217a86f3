import time
import uuid

import pytest

from core import health
from core.tasks import heartbeat

pytestmark = pytest.mark.django_db


def test_readiness_passes_in_the_embedded_mode_with_the_broker_not_configured(client, settings):
    settings.REDIS_URL = ""

    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "cache": "ok",
            "broker": "not configured",
            "worker": "not configured",
        },
    }
    assert "no-cache" in response["Cache-Control"]


def test_a_broker_that_is_down_is_a_503_naming_it_quickly(client, settings):
    # Nothing listens on port 9 (discard) of the loopback in a test environment.
    settings.REDIS_URL = "redis://127.0.0.1:9/0"

    started = time.monotonic()
    response = client.get("/health/")
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["checks"] == {
        "database": "ok",
        "cache": "ok",
        "broker": "down",
        "worker": "down",
    }
    assert elapsed < 3 * health.BROKER_TIMEOUT_SECONDS + 1


def test_a_failing_check_does_not_reveal_its_error_text(client, settings, monkeypatch):
    settings.REDIS_URL = ""

    def broken_cache():
        raise RuntimeError("connection to secret-host.internal:11211 refused")

    monkeypatch.setitem(health.CHECKS, "cache", broken_cache)
    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "down"
    assert b"secret-host" not in response.content


@pytest.mark.redis
def test_readiness_pings_a_real_broker(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "ok"


def test_readiness_refuses_writes(client):
    assert client.post("/health/").status_code == 405


@pytest.fixture
def own_queue(settings):
    """A heartbeat key of this test's own, on the real broker."""
    settings.CELERY_TASK_DEFAULT_QUEUE = f"health-{uuid.uuid4().hex}"
    yield
    with health.broker() as client:
        client.delete(health.heartbeat_key())


@pytest.mark.redis
def test_a_worker_that_beat_recently_is_reported_alive(client, own_queue):
    heartbeat()

    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["checks"]["worker"] == "ok"


@pytest.mark.redis
def test_a_silent_worker_makes_the_site_degraded_not_down(client, own_queue):
    with health.broker() as broker:
        broker.set(health.heartbeat_key(), time.time() - health.HEARTBEAT_STALE_SECONDS - 1)

    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["worker"] == "down"
    assert response.json()["checks"]["broker"] == "ok"
