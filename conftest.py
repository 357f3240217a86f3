"""Service markers: tests that need PostgreSQL, Redis or a browser.

A test marked ``postgres``, ``redis`` or ``browser`` (declared in
pyproject.toml) is skipped, with the reason, when its service is missing, so
``make test`` passes on a laptop with nothing but Python.

CI sets ``S3P_REQUIRE_SERVICES=1``: there a skipped service test is a failure,
whatever skipped it (a missing service, ``pytest.skip``, ``importorskip``), so
a broken CI image cannot turn the PostgreSQL or Redis tests into silent skips.
The run still reports each such test as skipped, with its reason, and then
ends with exit status 1 and a list of them.

Under pytest-xdist, collection and the skip decision run on each worker; the
reports travel to the controller, which alone keeps the list and sets the
exit status.
"""

import os
import shutil
from functools import cache
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

SERVICE_MARKERS = ("postgres", "redis", "browser")
REQUIRE_SERVICES_ENV = "S3P_REQUIRE_SERVICES"
CHROMIUM = Path("/usr/bin/chromium")


def _services_required():
    return os.environ.get(REQUIRE_SERVICES_ENV) == "1"


def _is_xdist_worker(config):
    return hasattr(config, "workerinput")


@cache
def _postgres_missing():
    """Return why PostgreSQL is unavailable, or "" when the default database is PostgreSQL."""
    try:
        from django.db import connections

        vendor = connections["default"].vendor
    except Exception as exc:  # Django not configured, driver missing, bad URL...
        return f"PostgreSQL needed, but the default database cannot be loaded: {exc}"
    if vendor != "postgresql":
        return f"PostgreSQL needed (DATABASE_URL=postgres://...); the default database is {vendor}"
    return ""


def _redis_url():
    try:
        from django.conf import settings

        return settings.REDIS_URL
    except Exception:  # Django not configured: read the environment directly
        return os.environ.get("REDIS_URL", "")


@cache
def _redis_missing():
    """Return why Redis is unavailable, or "" when REDIS_URL answers a PING within a second."""
    url = _redis_url()
    if not url:
        return "Redis needed (set REDIS_URL=redis://...); REDIS_URL is not set"
    import redis

    try:
        client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        client.ping()
    except (redis.RedisError, OSError) as exc:
        return f"Redis needed, but PING to REDIS_URL failed: {exc}"
    return ""


@cache
def _browser_missing():
    if CHROMIUM.exists() or shutil.which("chromium"):
        return ""
    return f"Chromium needed for browser tests; neither {CHROMIUM} nor chromium on PATH exists"


_MISSING = {"postgres": _postgres_missing, "redis": _redis_missing, "browser": _browser_missing}


def _service_markers(item):
    return [name for name in SERVICE_MARKERS if item.get_closest_marker(name)]


def pytest_collection_modifyitems(config, items):
    for item in items:
        for name in _service_markers(item):
            reason = _MISSING[name]()
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))
                break


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # The marker names ride on the report as a plain attribute: xdist
    # serialises a report's __dict__, so the controller sees them too. (The
    # report's `keywords` would also hold directory and module names, so a
    # test under tests/browser/ would look marked when it is not.)
    report = yield
    report.s3p_services = _service_markers(item)
    return report


class RequiredServiceSkips:
    """With S3P_REQUIRE_SERVICES=1, fail the run if any service test was skipped.

    Registered only on the xdist controller (or in a run without xdist): the
    controller receives every worker's reports through pytest_runtest_logreport.
    """

    def __init__(self):
        self.skipped = []

    def pytest_runtest_logreport(self, report):
        services = getattr(report, "s3p_services", None)
        if report.skipped and services and not hasattr(report, "wasxfail"):
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
            reason = reason.removeprefix("Skipped: ")
            self.skipped.append(f"{report.nodeid} [{', '.join(services)}]: {reason}")

    def pytest_sessionfinish(self, session):
        if self.skipped:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter):
        if not self.skipped:
            return
        terminalreporter.section(
            f"{REQUIRE_SERVICES_ENV}=1 but service tests were skipped", sep="!", red=True
        )
        for line in self.skipped:
            terminalreporter.line(line, red=True)
        terminalreporter.line(f"{len(self.skipped)} skipped service test(s) fail this run.")


def pytest_configure(config):
    if _services_required() and not _is_xdist_worker(config):
        config.pluginmanager.register(RequiredServiceSkips(), "s3p-required-service-skips")
