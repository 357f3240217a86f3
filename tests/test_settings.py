import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils.module_loading import import_string

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "missing",
    [
        {"ALLOWED_HOSTS": "portal.example.eu"},
        {"SECRET_KEY": "x" * 60},
    ],
    ids=["without SECRET_KEY", "without ALLOWED_HOSTS"],
)
def test_production_refuses_to_start_without_its_secrets(missing):
    result = run_check(DJANGO_ENV="production", **missing)

    assert result.returncode != 0
    assert "Production needs SECRET_KEY and ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_its_secrets():
    result = run_check(
        DJANGO_ENV="production", SECRET_KEY="k" * 60, ALLOWED_HOSTS="portal.example.eu"
    )

    assert result.returncode == 0, result.stderr


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_portals_postgresql_sessions_run_without_jit():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def cache_url_settings(load_settings, url):
    return load_settings(CACHE_URL=url)["CACHES"]["default"]


def test_the_cache_url_key_prefix_reaches_django_with_its_case(load_settings):
    cache = cache_url_settings(load_settings, "redis://127.0.0.1:6379/1?key_prefix=PortalA")

    assert cache["KEY_PREFIX"] == "PortalA"
    assert "key_prefix" not in cache


def test_two_portals_on_one_redis_database_keep_apart_whatever_their_case(load_settings):
    keys = []
    for prefix in ("PortalA", "portala"):
        cache = cache_url_settings(load_settings, f"redis://127.0.0.1:6379/1?key_prefix={prefix}")
        backend = import_string(cache["BACKEND"])(cache["LOCATION"], cache)
        keys.append(backend.make_key("s3p:content-version"))

    assert keys == ["PortalA:1:s3p:content-version", "portala:1:s3p:content-version"]


def test_the_cache_url_timeout_and_version_reach_django(load_settings):
    cache = cache_url_settings(load_settings, "redis://127.0.0.1:6379/1?timeout=60&version=3")

    assert (cache["TIMEOUT"], cache["VERSION"]) == (60, 3)
