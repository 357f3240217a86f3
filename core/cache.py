"""The one cache: what is computed from the domain's rows, kept until they change.

Two kinds of entry live under a *content version*: pages and API lists as
visitors without a session see them (`cache_for_visitors`), and data every
user sees alike, such as the pipeline's figures or matchmaking results
(`cached_until_write`). Any write to a domain table (INSERT, UPDATE, DELETE
or TRUNCATE, from the ORM, a bulk update, a management command or a Celery
task) moves the version on when its transaction commits, so the next request
computes afresh: invalidation does not depend on anyone remembering which
page shows which rows. The domain tables are an allow-list, the tables of the
apps whose config watches them (`core.app_config`, `watch_app`): logins, sessions,
API tokens, notifications and the admin log never move the version, and
neither do writes that change no row.

The cache must be shared by every process that writes (`CACHE_URL`, e.g.
Redis): with the per-process default, one gunicorn worker would not see the
other's writes. Caching is therefore off unless `PUBLIC_CACHE_SECONDS` is set
above 0, which the settings do when `CACHE_URL` is set.
"""

import hashlib
import re
import time
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache, wraps
from typing import Any, Concatenate, ParamSpec, TypedDict, TypeVar, cast

from django.apps import AppConfig
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.urls import Resolver404, URLResolver, get_resolver
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.downloads import too_many_downloads

VERSION_KEY = "s3p:content-version"
# The statement's verb and the first table it writes, as Django spells them.
WRITE = re.compile(r'(INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE)\s+(?:TABLE\s+)?"?(\w+)"?')
# Tables whose writes move the content version (`watch_app`).
_watched_tables: set[str] = set()
# Headers a view sets that belong to the cached response (cookies, security
# headers and the middleware's own Vary are added on every response).
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "Vary", "X-Total-Count")
# The mark of a view whose visitors' pages are stored (`cache_for_visitors`), and of a
# request whose stored page `StoredPagesMiddleware` looked for in vain.
CACHED_FOR_VISITORS = "cached_for_visitors"
LOOKED_UP = "_stored_page_looked_up"
# A streamed download is stored in parts of about this many bytes, each its
# own entry, so neither storing nor serving it holds the whole body.
PART_BYTES = 256 * 1024


T = TypeVar("T")
P = ParamSpec("P")
RequestT = TypeVar("RequestT", bound=HttpRequest)

# What Django's `execute_wrappers` call: the next wrapper, or the cursor's own execute.
Execute = Callable[[str, Any, bool, dict[str, Any]], Any]


class StoredPage(TypedDict):
    """A page as the cache keeps it (`cache_for_visitors`).

    A streamed download has no `content` but `parts`, stored under
    `<key>:<number>`, and no ETag (it would need the whole body).
    """

    content: bytes
    parts: int
    headers: dict[str, str]
    etag: str | None


def watch_app(app_config: AppConfig) -> None:
    """Let writes to the tables of `app_config`'s models (and their many-to-many
    tables) move the content version: called by each domain app's `ready()`."""
    for model in app_config.get_models(include_auto_created=True):
        _watched_tables.add(model._meta.db_table.lower())


def watches(model: type[Model]) -> bool:
    """Whether writes to `model`'s table move the content version (`watch_app`)."""
    return model._meta.db_table.lower() in _watched_tables


def enabled() -> bool:
    """Whether anything is cached: only with a cache that every process shares (CACHE_URL)."""
    return settings.PUBLIC_CACHE_SECONDS > 0


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Not 0: a version key evicted while pages stay cached must not
        # restart at a number those pages were stored under.
        version = time.time_ns()
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump_content_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), None)


def forget_after_deploy(**kwargs: Any) -> None:
    """`post_migrate` receiver: what the previous release rendered is not served again."""
    bump_content_version()


def forget_after_outage(**kwargs: Any) -> None:
    """`cache_recovered` receiver: writes made while the cache was unreachable
    could not move the version, so it moves now (`core.resilient_cache`)."""
    bump_content_version()


def _written_table(sql: str) -> tuple[str, str] | None:
    """The verb and the first table of a write statement, or None for anything else."""
    found = WRITE.match(sql.lstrip()[:120].upper())
    return (found[1].split()[0], found[2].lower()) if found else None


def is_write(sql: str) -> bool:
    """A statement that writes a domain table (any TRUNCATE counts: a flush empties them all)."""
    written = _written_table(sql)
    if written is None:
        return False
    verb, table = written
    return verb == "TRUNCATE" or table in _watched_tables


def changed_rows(sql: str, cursor: CursorWrapper) -> bool:
    """False only for an UPDATE or DELETE that the database says changed nothing.

    (An INSERT ... RETURNING may report no row until its result is read.)
    """
    written = _written_table(sql)
    return written is None or written[0] not in ("UPDATE", "DELETE") or cursor.rowcount != 0


def note_writes(
    execute: Execute, sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    """Database execute wrapper: a committed write moves the content version on."""
    result = execute(sql, params, many, context)
    # Typed `str` as Django's stubs give it, but a cursor also takes SQL objects
    # (psycopg's `sql.Composed`): those are not read.
    if isinstance(sql, str) and is_write(sql) and changed_rows(sql, context["cursor"]):
        connection: BaseDatabaseWrapper = context["connection"]
        # One bump per transaction, after it commits: bumping before would let
        # a concurrent request cache the old rows under the new version.
        # `run_on_commit` holds (savepoint ids, func, robust); django-stubs still
        # say pairs, as before Django 4.2, so the function is read by its index.
        pending = connection.in_atomic_block and any(
            entry[1] is bump_content_version for entry in connection.run_on_commit
        )
        if not pending:
            # Robust: the data is committed by then, and a cache that cannot
            # be reached must not turn the request into an error.
            transaction.on_commit(bump_content_version, using=connection.alias, robust=True)
    return result


def install_write_tracking(
    sender: type[BaseDatabaseWrapper], connection: BaseDatabaseWrapper, **kwargs: Any
) -> None:
    """`connection_created` receiver: track writes on every database connection."""
    if note_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(note_writes)


def _versioned_key(kind: str, name: str) -> str:
    # Today's date is part of the key: "open now" and "closes in" change at midnight.
    return f"s3p:{kind}:{content_version()}:{timezone.localdate()}:{get_language()}:{name}"


def cached_until_write(name: str, compute: Callable[[], T]) -> T:
    """`compute()`, cached under the content version: computed data whose inputs are rows.

    For data every user sees alike (figures, maps, matchmaking), as plain
    data. The version is read before `compute()` reads any row: a request
    racing a commit stores what it read under the version the commit then
    leaves behind, never under the new one. Computed afresh when the cache
    is off, as with a per-process cache.
    """
    if not enabled():
        return compute()
    key = _versioned_key("data", name)
    data = cache.get(key)
    if data is None:
        data = compute()
        cache.set(key, data, settings.PUBLIC_CACHE_SECONDS)
    return data


def cached_markup(kind: str, identity: str, draw: Callable[[], str]) -> SafeString:
    """Markup every reader gets alike, drawn once until the next write (`cached_until_write`).

    `identity` is whatever tells two drawings of `kind` apart (an address,
    what a map shows), kept in the key as its digest. The markup is the
    template's own, escaped when drawn; the cache keeps it as text.
    """
    name = f"{kind}:{hashlib.sha256(identity.encode()).hexdigest()}"
    return mark_safe(cached_until_write(name, draw))  # noqa: S308


def is_visitor(request: HttpRequest) -> bool:
    """No session and no pending messages: the request sees what every visitor sees."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


# Request headers a cached response may depend on, besides the URL: htmx asks
# for the fragment of a list page instead of the page, except when it
# restores its history (`core.listing`).
VARIES_ON = ("HX-Request", "HX-History-Restore-Request")


def cache_key(kind: str, request: HttpRequest) -> str:
    """The key of what `request` gets: everything the response varies on, not the path alone.

    The scheme and host are part of the absolute links in pages and API
    answers; the headers of `VARIES_ON` choose between a page and a fragment.
    """
    varies = [request.headers.get(header, "") for header in VARIES_ON]
    what = "\n".join([request.scheme or "", request.get_host(), *varies, request.get_full_path()])
    return _versioned_key(kind, hashlib.sha256(what.encode()).hexdigest())


def cacheable(request: HttpRequest) -> bool:
    return enabled() and request.method in ("GET", "HEAD") and is_visitor(request)


def cache_for_visitors(
    view: Callable[Concatenate[RequestT, P], HttpResponseBase],
) -> Callable[Concatenate[RequestT, P], HttpResponseBase]:
    """Serve the view's page from the cache to visitors, storing it on a miss.

    Stored only when the page is the same for every visitor: a 200 that sets
    no cookie and holds no CSRF token.
    """

    @wraps(view)
    def wrapper(request: RequestT, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        if not cacheable(request):
            return view(request, *args, **kwargs)
        key = cache_key("page", request)
        # `StoredPagesMiddleware` has looked already, and found nothing.
        stored = None if getattr(request, LOOKED_UP, False) else stored_response(key)
        if stored is not None:
            # A stored download still counts against the client's downloads.
            refused = too_many_downloads(request) if stored.streaming else None
            return refused or stored
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if _storable(request, response):
            store_response(key, response)
        return response

    setattr(wrapper, CACHED_FOR_VISITORS, True)
    return wrapper


# Paths seen lately, so that most requests are not resolved twice (here and by Django's
# handler): one resolution is a few per cent of the cheapest answer.
@lru_cache(maxsize=1024)
def _stores_pages(resolver: URLResolver, path: str, language: str) -> bool:
    """Whether `path` is a view of `cache_for_visitors`, resolved in `language` (the key
    holds the resolver and the language, which a changed URLconf or prefix changes)."""
    try:
        view = resolver.resolve(path).func
    except Resolver404:
        return False
    return bool(getattr(view, CACHED_FOR_VISITORS, False))


class StoredPagesMiddleware:
    """Answers a visitor from the pages `cache_for_visitors` stored, before the rest of the stack.

    A stored page is what every visitor gets alike, so what the middleware
    below it would do for one (read the CSRF cookie, find the user, look for
    messages, check the session's age) changes nothing in it; skipping them
    makes a hit cost little more than the two reads of the cache. It stands
    after `LocaleMiddleware`, as the language is part of the key and of the
    URL, and the middleware above it still add the headers of every answer.
    Only views marked by `cache_for_visitors` are looked up: other pages
    cost no read of the cache, and no URL resolution more once their path was seen.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if cacheable(request):
            resolver = get_resolver(getattr(request, "urlconf", None))
            if _stores_pages(resolver, request.path_info, get_language()):
                stored = stored_response(cache_key("page", request))
                if stored is None:
                    setattr(request, LOOKED_UP, True)
                # A stored download is left to the view's own wrapper: it still counts
                # against the client's downloads, which needs the user.
                elif not stored.streaming:
                    return stored
        return self.get_response(request)


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _headers(response: HttpResponseBase) -> dict[str, str]:
    return {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}


def store_response(key: str, response: HttpResponseBase) -> None:
    """Keep `response` (a 200 every visitor gets alike) under `key`.

    A page is stored at once, with its ETag; a streamed download part by
    part as it is sent, and only once it was sent whole: a client that
    hangs up half-way leaves nothing behind.
    """
    if isinstance(response, StreamingHttpResponse):
        # The portal's views are synchronous: their streams are plain iterators.
        chunks = cast(Iterator[bytes], response.streaming_content)
        response.streaming_content = _storing(key, chunks, _headers(response))
    elif isinstance(response, HttpResponse):
        etag = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
        page: StoredPage = {
            "content": response.content,
            "parts": 0,
            "headers": _headers(response),
            "etag": etag,
        }
        cache.set(key, page, settings.PUBLIC_CACHE_SECONDS)
        response.headers["ETag"] = etag


def _storing(key: str, chunks: Iterable[bytes], headers: dict[str, str]) -> Iterator[bytes]:
    part: list[bytes] = []
    size = parts = 0
    for chunk in chunks:
        part.append(chunk)
        size += len(chunk)
        if size >= PART_BYTES:
            cache.set(f"{key}:{parts}", b"".join(part), settings.PUBLIC_CACHE_SECONDS)
            part, size, parts = [], 0, parts + 1
        yield chunk
    if part:
        cache.set(f"{key}:{parts}", b"".join(part), settings.PUBLIC_CACHE_SECONDS)
        parts += 1
    whole: StoredPage = {"content": b"", "parts": parts, "headers": headers, "etag": None}
    cache.set(key, whole, settings.PUBLIC_CACHE_SECONDS)


def stored_response(key: str) -> HttpResponseBase | None:
    """What `store_response` kept under `key`, or None (never stored, expired, or a part lost)."""
    stored: StoredPage | None = cache.get(key)
    if stored is None:
        return None
    response: HttpResponseBase
    # Pages stored by earlier releases have no "parts".
    if stored.get("parts"):
        part_keys = [f"{key}:{number}" for number in range(stored["parts"])]
        # A part evicted on its own would cut the download short: serve none of it.
        if not all(cache.has_key(part_key) for part_key in part_keys):
            return None
        response = StreamingHttpResponse(cache.get(part_key, b"") for part_key in part_keys)
    else:
        response = HttpResponse(stored["content"])
        # Answered above CommonMiddleware, which would otherwise set it: without it the
        # server sends the page in chunks, which costs the client more to read.
        response.headers["Content-Length"] = str(len(stored["content"]))
    for name, value in stored["headers"].items():
        response.headers[name] = value
    etag = stored.get("etag")
    if etag:
        response.headers["ETag"] = etag
    return response
