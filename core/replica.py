"""Visitors' reads from a read replica of the database (`DATABASE_REPLICA_URL`).

The settings add the `replica` database, `ReplicaRouter` and
`ReplicaReadsMiddleware` only when a replica is configured: without one,
nothing here runs.

A request reads the replica when it is a GET or HEAD that carries no
credentials at all (no session cookie, no messages cookie, no
`Authorization` header): public pages, and the API's lists and details
read anonymously. That is most of the traffic, and a replica a moment
behind serves it as well. Everything else reads the primary:

- signed-in users and token holders, because they must read their own
  writes: the page a form redirects to, or an API GET of what a POST just
  made, would miss the change (or answer 404) until the replica caught up;
- any read inside `transaction.atomic()`: it belongs to a write (a workflow
  reading under `select_for_update`) and must see the primary's rows;
- POST and the other unsafe methods, Celery tasks and management commands.

With the visitors' cache on (`core.cache`), what a visitor reads may be
stored under the content version, which moves when a write commits on the
primary. A replica that has not replayed that write yet would have the old
rows stored under the new version, served until the next write. So a
visitor's request reads the replica only once it has replayed the primary's
write-ahead log up to where it stood when the current version was first
read (`replica_caught_up`); until then that request reads the primary.
"""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from core.cache import content_version, enabled, is_visitor

REPLICA = "replica"
# The primary's WAL position for a content version (`replica_caught_up`).
POSITION_KEY = "s3p:content-position:{}"


@dataclass
class _Reads:
    """Where the reads of one visitor's request go, chosen at its first read."""

    alias: str | None = None


# Set for the length of a request whose reads may go to the replica.
_visitor_reads: ContextVar[_Reads | None] = ContextVar("visitor_reads", default=None)


def may_read_replica(request: HttpRequest) -> bool:
    """A safe request without credentials: it reads what every visitor reads."""
    return (
        request.method in ("GET", "HEAD")
        and is_visitor(request)
        and "HTTP_AUTHORIZATION" not in request.META
    )


class ReplicaReadsMiddleware:
    """Lets the reads of a request that `may_read_replica` go to the replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not may_read_replica(request):
            return self.get_response(request)
        token = _visitor_reads.set(_Reads())
        try:
            return self.get_response(request)
        finally:
            # A streamed body is read after this: its rows come from the primary.
            _visitor_reads.reset(token)


class ReplicaRouter:
    """Reads of visitors' requests to the replica, every other query to the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        reads = _visitor_reads.get()
        if reads is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        if reads.alias is None:
            reads.alias = REPLICA if replica_caught_up() else DEFAULT_DB_ALIAS
        return reads.alias

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # The same rows, whichever copy they were read from.
        aliases = {DEFAULT_DB_ALIAS, REPLICA}
        return True if {obj1._state.db, obj2._state.db} <= aliases else None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        # The replica replays the primary's migrations.
        return db == DEFAULT_DB_ALIAS


def replica_caught_up() -> bool:
    """Whether a visitor's request may read the replica.

    Always without the visitors' cache: nothing read is stored. With it, the
    replica must have replayed the primary's log up to the position noted
    for the current content version. The position is noted the first time
    a request needs it, after reading the version: every write that moved
    the version to it had committed before, so the position covers them.
    """
    if not enabled():
        return True
    key = POSITION_KEY.format(content_version())
    position = cache.get(key)
    if position is None:
        position = _primary_position()
        # Another request may have noted an earlier position: either covers the version.
        cache.add(key, position, settings.PUBLIC_CACHE_SECONDS)
    return _replayed(position)


def _primary_position() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        # Where the log is inserted, not where it is flushed: with an
        # asynchronous commit the flush may not have reached a commit yet.
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        return str(cursor.fetchone()[0])


def _replayed(position: str) -> bool:
    with connections[REPLICA].cursor() as cursor:
        # A server out of recovery is a primary (a test's mirror, a promoted
        # replica): its rows are current.
        cursor.execute(
            "SELECT NOT pg_is_in_recovery() OR pg_last_wal_replay_lsn() >= %s::pg_lsn",
            [position],
        )
        return bool(cursor.fetchone()[0])
