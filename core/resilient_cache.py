"""The Redis cache backend, made so that the site outlives Redis.

Everything that uses the cache uses it as an accelerator or a soft limit:
the visitors' pages and computed data (`core.cache`), the API's throttles,
allauth's rate limits. None of them is worth an error page. When Redis
cannot be reached, each call answers as a cache that holds nothing would
(a miss, a write that keeps nothing), so pages are computed afresh, throttles
and rate limits let requests through, and the failure is logged once per
outage. For a few seconds after a failure the backend does not even try, so
a dead Redis costs no connection attempt per call. `/health/` still reports
the cache as down: it checks that a value written can be read back.

When Redis answers again, `cache_recovered` is sent before the call that
found it back returns: the content version is moved on then (`core.cache`),
since writes made during the outage could not move it.
"""

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.dispatch import Signal
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Sent (no arguments) by the process that finds the cache reachable again.
cache_recovered = Signal()

# How long after a failure calls go straight to their fallback.
RETRY_AFTER_SECONDS = 2.0

T = TypeVar("T")


class _Breaker:
    """Whether Redis is worth trying, per process; logs an outage once.

    After an outage, Redis is pinged (`probe`) before the next call runs, so
    that `cache_recovered` moves the content version before anything reads it.
    """

    def __init__(self, probe: Callable[[], object]) -> None:
        self.probe = probe
        self.down_since: float | None = None
        self.retry_at = 0.0

    def call(self, operation: Callable[[], T], fallback: T) -> T:
        try:
            if self.down_since is not None:
                if time.monotonic() < self.retry_at:
                    return fallback
                self.probe()
                self._recovered(self.down_since)
            return operation()
        except RedisError as error:
            if self.down_since is None:
                self.down_since = time.monotonic()
                logger.warning("Cache unreachable, serving without it: %s", type(error).__name__)
            self.retry_at = time.monotonic() + RETRY_AFTER_SECONDS
            return fallback

    def _recovered(self, down_since: float) -> None:
        logger.warning("Cache reachable again after %.0f s", time.monotonic() - down_since)
        self.down_since = None
        cache_recovered.send(sender=self.__class__)


class ResilientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, each call answered by its fallback while Redis is down."""

    if TYPE_CHECKING:
        # Django's own, which its type stubs leave out.
        _client: Callable[..., Any]

        def _get_connection_pool_index(self, write: bool) -> int: ...

        def _get_connection_pool(self, write: bool) -> Any: ...

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.breaker = _Breaker(probe=lambda: self.get_client(write=True).ping())
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # Django builds a redis.Redis around the pool on every call, which costs
        # more than the GET itself (0.5 ms); one per pool serves every call. The
        # cache backend, and so this client, belongs to one thread.
        index = self._get_connection_pool_index(write)
        if index not in self._clients:
            self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return self._clients[index]

    def add(self, key: Any, value: Any, timeout: Any) -> bool:
        # As if the key were free: a lock taken on a dead cache (allauth's
        # rate limits take one) must not make its caller wait or refuse.
        return self.breaker.call(lambda: RedisCacheClient.add(self, key, value, timeout), True)

    def get(self, key: Any, default: Any) -> Any:
        return self.breaker.call(lambda: RedisCacheClient.get(self, key, default), default)

    def set(self, key: Any, value: Any, timeout: Any) -> None:
        self.breaker.call(lambda: RedisCacheClient.set(self, key, value, timeout), None)

    def touch(self, key: Any, timeout: Any) -> bool:
        return self.breaker.call(lambda: RedisCacheClient.touch(self, key, timeout), False)

    def delete(self, key: Any) -> bool:
        return self.breaker.call(lambda: RedisCacheClient.delete(self, key), False)

    def get_many(self, keys: Any) -> dict[Any, Any]:
        return self.breaker.call(lambda: RedisCacheClient.get_many(self, keys), {})

    def has_key(self, key: Any) -> bool:
        return self.breaker.call(lambda: RedisCacheClient.has_key(self, key), False)

    def incr(self, key: Any, delta: int) -> Any:
        missing = object()
        result = self.breaker.call(lambda: RedisCacheClient.incr(self, key, delta), missing)
        if result is missing:
            # As for a key the cache does not hold (BaseCache.incr's contract).
            raise ValueError(f"Key '{key}' not found")
        return result

    def set_many(self, data: Any, timeout: Any) -> None:
        self.breaker.call(lambda: RedisCacheClient.set_many(self, data, timeout), None)

    def delete_many(self, keys: Any) -> None:
        self.breaker.call(lambda: RedisCacheClient.delete_many(self, keys), None)

    def clear(self) -> bool:
        return self.breaker.call(lambda: RedisCacheClient.clear(self), False)


class ResilientRedisCache(RedisCache):
    """`CACHES` backend for `CACHE_URL=redis://…` (the settings pick it)."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
