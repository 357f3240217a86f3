"""Liveness and readiness checks.

`/healthz` (liveness, load balancers and the benchmark's floor) touches
neither the database nor the session, so it answers as fast as the web
server and Django's middleware allow: the cheapest possible page.

`/health/` (readiness) checks the database, the cache and the broker, each
with a short timeout, and answers 503 with JSON naming what is down. It
also reports the Celery workers: every minute beat queues a heartbeat to
each queue, and the worker that takes it writes it to the broker
(`core.tasks.heartbeat`); the log names a queue without a recent one. A
worker that is down leaves the site able to serve, so it makes the answer
"degraded", not 503: a load balancer must not take every web node out
because a worker died.
"""

import logging
import time
import uuid

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# A broker that does not answer within this time counts as down: the check
# must never hold a load balancer's probe longer than a few seconds.
BROKER_TIMEOUT_SECONDS = 1


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain")


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_cache() -> str:
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    value = cache.get(key)
    cache.delete(key)
    if value != "1":
        raise RuntimeError("cache did not return the value just written")
    return "ok"


# Beat queues the heartbeat every HEARTBEAT_SECONDS; older than three beats, the worker
# (or beat) is down.
HEARTBEAT_SECONDS = 60
HEARTBEAT_STALE_SECONDS = 3 * HEARTBEAT_SECONDS


def broker() -> redis.Redis:
    return redis.Redis.from_url(
        settings.REDIS_URL,
        socket_timeout=BROKER_TIMEOUT_SECONDS,
        socket_connect_timeout=BROKER_TIMEOUT_SECONDS,
    )


def heartbeat_key(queue: str) -> str:
    # Per queue: each may have workers of its own, and two portals sharing one
    # Redis have queues of their own.
    return f"s3p:worker-heartbeat:{queue}"


def queues() -> list[str]:
    """Every queue a worker must serve (`CELERY_TASK_QUEUES`)."""
    return [queue.name for queue in settings.CELERY_TASK_QUEUES]


def _check_broker() -> str:
    # Embedded mode: tasks run in the request, there is no broker to wait for.
    if not settings.REDIS_URL:
        return "not configured"
    with broker() as client:
        client.ping()
    return "ok"


def _check_worker() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    names = queues()
    with broker() as client:
        beats = client.mget([heartbeat_key(name) for name in names])
    now = time.time()
    silent = [
        name
        for name, beat in zip(names, beats, strict=True)
        if beat is None or now - float(beat) > HEARTBEAT_STALE_SECONDS
    ]
    if silent:
        raise RuntimeError(f"no recent heartbeat from a Celery worker of {', '.join(silent)}")
    return "ok"


CHECKS = {"database": _check_database, "cache": _check_cache, "broker": _check_broker}
# Reported, but the site serves without them.
SOFT_CHECKS = {"worker": _check_worker}


@never_cache
@require_safe
def readiness(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when the database, the cache and the broker answer, else 503.

    The body names each component's state, never the error text: that could
    carry host names or credentials from a connection string.
    """
    results: dict[str, str] = {}
    for name, check in {**CHECKS, **SOFT_CHECKS}.items():
        try:
            results[name] = check()
        except Exception:
            # The traceback goes to the log; the caller learns only which component is down.
            logger.exception("Health check %s failed", name)
            results[name] = "down"
    if any(results[name] == "down" for name in CHECKS):
        return JsonResponse({"status": "down", "checks": results}, status=503)
    status = "degraded" if "down" in results.values() else "ok"
    return JsonResponse({"status": status, "checks": results})
