import copy
import runpy

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from s3p_portal.celery import app as celery_app
from tests.accounts.factories import ModeratorFactory, UserFactory


@pytest.fixture
def moderator(db):
    return ModeratorFactory()


@pytest.fixture
def member(db):
    """A registered user with a verified e-mail and no affiliation."""
    return UserFactory()


@pytest.fixture
def moderator_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """PBKDF2 at production strength costs ~0.2 s per user; tests need no strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_public_cache(settings):
    """Pages are rendered afresh unless a test turns the visitors' cache on.

    With CACHE_URL set the settings turn it on, and a test that changes data
    inside its own transaction (never committed) would read a stale page.
    """
    settings.PUBLIC_CACHE_SECONDS = 0


@pytest.fixture
def cache_on(settings):
    """The one cache on, as with a shared CACHE_URL in production (core.cache)."""
    settings.PUBLIC_CACHE_SECONDS = 60


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and cached figures live in the cache: start each test clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Start each test in English: a request to /de/… leaves German active in the
    thread, and reverse() in the next test would then build /de/ URLs."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _celery_eager(request):
    """Run tasks inline, even where REDIS_URL is set, except in tests of the real broker."""
    if request.node.get_closest_marker("redis"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def pytest_collection_modifyitems(items):
    """No transactional test restores a serialized database.

    After the flush of a transactional test (browser tests through
    live_server, worker and race tests), `post_migrate` re-creates content
    types, permissions and the moderators group (core.moderators).
    Restoring a serialized copy on top would clash with those re-created
    rows on PostgreSQL, so `serialized_rollback` is turned off everywhere.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("serialized_rollback"):
            kwargs = {**marker.kwargs, "serialized_rollback": False}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)


@pytest.fixture(autouse=True)
def _outbox_sends_at_once(monkeypatch):
    """A test's transaction never commits: e-mails of the outbox (core.mail) are sent at
    once instead of after the commit, as the eager worker would then send them."""
    monkeypatch.setattr("core.mail.send_after_commit", lambda queue: queue())


@pytest.fixture
def eager_celery(monkeypatch):
    """Run queued tasks in-process, even where REDIS_URL points at a real broker."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


@pytest.fixture
def load_settings(monkeypatch):
    """Run the settings module afresh under the given environment variables
    (None unsets one) and return its names, without touching the running settings."""

    def load(**environment):
        for name, value in environment.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        return runpy.run_path(str(settings.BASE_DIR / "s3p_portal" / "settings.py"))

    return load


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """A `replica` database mirroring the default one, as the settings declare it
    with DATABASE_REPLICA_URL, for the tests of core/replica.py.

    Nothing reads it unless a test installs the router (tests/test_replica_router.py),
    and pytest-django lets only the tests that name it in `databases` use it.
    """
    if "replica" not in settings.DATABASES:
        replica = copy.deepcopy(settings.DATABASES["default"])
        replica["TEST"] = {"MIRROR": "default"}
        settings.DATABASES["replica"] = replica
