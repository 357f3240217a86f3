import time
import uuid

import pytest

from core import health
from core.tasks import heartbeat
from s3p_portal import queues

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
def own_queues(settings):
    """Queues, and so heartbeat keys, of this test's own, on the real broker."""
    name = f"health-{uuid.uuid4().hex}"
    settings.CELERY_TASK_DEFAULT_QUEUE = name
    settings.CELERY_TASK_QUEUES = queues.declared_queues(name)
    yield queues.queue_names(name)
    with health.broker() as client:
        client.delete(*(health.heartbeat_key(queue) for queue in queues.queue_names(name)))


@pytest.mark.redis
def test_a_worker_that_beat_recently_is_reported_alive(client, own_queues):
    for queue in own_queues:
        heartbeat(queue)

    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["checks"]["worker"] == "ok"


@pytest.mark.redis
def test_a_silent_worker_makes_the_site_degraded_not_down(client, own_queues):
    with health.broker() as broker:
        broker.set(
            health.heartbeat_key(own_queues[0]), time.time() - health.HEARTBEAT_STALE_SECONDS - 1
        )

    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["worker"] == "down"
    assert response.json()["checks"]["broker"] == "ok"


@pytest.mark.redis
def test_one_silent_queue_is_enough_to_report_the_workers_down(client, own_queues, caplog):
    email_queue = f"{own_queues[0]}.email"
    for queue in own_queues:
        if queue != email_queue:
            heartbeat(queue)

    response = client.get("/health/")

    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["worker"] == "down"
    assert f"a Celery worker of {email_queue}" in caplog.text
