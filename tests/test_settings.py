import os
import subprocess
import sys
from pathlib import Path

import pytest

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
