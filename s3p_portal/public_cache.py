"""What visitors who are not signed in see, cached whole until the data changes.

Public pages and API lists look the same to every visitor without a session,
so their rendered form is cached under a *content version*. Any write to the
database (INSERT, UPDATE, DELETE or TRUNCATE, from the ORM, a bulk update, a
management command or a Celery task) moves the version on when its
transaction commits, so the next request renders afresh: invalidation does
not depend on anyone remembering which page shows which rows. Writes that
change no row, and writes to tables no visitor's page shows (sessions, API
tokens, notifications and their settings), are ignored: the notification
worker and its sweep write all the time.

The cache must be shared by every process that writes (`CACHE_URL`, e.g.
Redis): with the per-process default, one gunicorn worker would not see the
other's writes. Caching is therefore off unless `PUBLIC_CACHE_SECONDS` is set
above 0, which the settings do when `CACHE_URL` is set.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

VERSION_KEY = "s3p:content-version"
WRITES = ("INSERT", "UPDATE", "DELETE", "TRUNCATE")
# Tables whose rows never show on a public page or list.
IGNORED_TABLES = (
    '"django_session"',
    '"accounts_apitoken"',
    '"notifications_notification"',
    '"notifications_preference"',
    '"notifications_follow"',
)
# Headers a view sets that belong to the cached response (Vary, cookies and
# security headers are added by the middleware on every response).
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")


def enabled():
    return settings.PUBLIC_CACHE_SECONDS > 0


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        # Not 0: a version key evicted while pages stay cached must not
        # restart at a number those pages were stored under.
        version = time.time_ns()
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump_content_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), None)


def forget_after_deploy(**kwargs):
    """`post_migrate` receiver: what the previous release rendered is not served again."""
    bump_content_version()


def _head(sql):
    return sql.lstrip()[:60].upper()


def is_write(sql):
    head = _head(sql)
    return head.startswith(WRITES) and not any(table.upper() in head for table in IGNORED_TABLES)


def changed_rows(sql, cursor):
    """False only for an UPDATE or DELETE that the database says changed nothing.

    (An INSERT ... RETURNING may report no row until its result is read.)
    """
    return not _head(sql).startswith(("UPDATE", "DELETE")) or cursor.rowcount != 0


def note_writes(execute, sql, params, many, context):
    """Database execute wrapper: a committed write moves the content version on."""
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and is_write(sql) and changed_rows(sql, context["cursor"]):
        connection = context["connection"]
        # One bump per transaction, after it commits: bumping before would let
        # a concurrent request cache the old rows under the new version.
        pending = connection.in_atomic_block and any(
            func is bump_content_version for _ids, func, _robust in connection.run_on_commit
        )
        if not pending:
            # Robust: the data is committed by then, and a cache that cannot
            # be reached must not turn the request into an error.
            transaction.on_commit(bump_content_version, using=connection.alias, robust=True)
    return result


def install_write_tracking(sender, connection, **kwargs):
    """`connection_created` receiver: track writes on every database connection."""
    if note_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(note_writes)


def _versioned_key(kind, name):
    # Today's date is part of the key: "open now" and "closes in" change at midnight.
    return f"s3p:{kind}:{content_version()}:{timezone.localdate()}:{get_language()}:{name}"


def cached_until_write(name, compute):
    """`compute()`, cached under the content version: computed data whose inputs are rows.

    For data every user sees alike (figures, maps). Computed afresh when the
    public cache is off, as with a per-process cache.
    """
    if not enabled():
        return compute()
    key = _versioned_key("data", name)
    data = cache.get(key)
    if data is None:
        data = compute()
        cache.set(key, data, settings.PUBLIC_CACHE_SECONDS)
    return data


def is_visitor(request):
    """No session and no pending messages: the request sees what every visitor sees."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def cache_key(kind, request):
    return _versioned_key(kind, hashlib.sha256(request.get_full_path().encode()).hexdigest())


def cacheable(request):
    return enabled() and request.method in ("GET", "HEAD") and is_visitor(request)


def cache_for_visitors(view):
    """Serve the view's page from the cache to visitors, storing it on a miss.

    Stored only when the page is the same for every visitor: a 200 that sets
    no cookie and holds no CSRF token.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not cacheable(request):
            return view(request, *args, **kwargs)
        key = cache_key("page", request)
        stored = cache.get(key)
        if stored is not None:
            return _response(stored)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if _storable(request, response):
            stored = _stored(response)
            cache.set(key, stored, settings.PUBLIC_CACHE_SECONDS)
            response.headers["ETag"] = stored["etag"]
        return response

    return wrapper


def _storable(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _stored(response):
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    etag = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    return {"content": response.content, "headers": headers, "etag": etag}


def _response(stored):
    response = HttpResponse(stored["content"])
    for name, value in stored["headers"].items():
        response.headers[name] = value
    response.headers["ETag"] = stored["etag"]
    return response
