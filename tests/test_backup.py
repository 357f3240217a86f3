"""`make backup` / `make restore`: a PostgreSQL round trip keeps every row of every table."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from psycopg import sql

from tests.notifications.factories import NotificationFactory
from tests.regions.factories import RegionFactory, representative_of
from tests.thematic_areas.factories import AreaFactory, AreaJoinRequestFactory, MembershipFactory

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "db_backup.py"


def run_script(*args, database_url):
    environment = {**os.environ, "DATABASE_URL": database_url}
    # Our own script with arguments the tests choose; no shell.
    return subprocess.run(  # noqa: S603
        [sys.executable, str(SCRIPT), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def database_url(name):
    settings = connection.settings_dict
    credentials = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    return f"postgresql://{credentials}@{host}:{port}/{name}"


def counts_without_sessions(url):
    """The row counts of a restored database, whose session table is empty."""
    counts = row_counts(url)
    assert counts.pop("django_session") == 0
    return counts


def row_counts(url):
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {
            table: conn.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
            for table in tables
        }


def test_sqlite_is_refused_with_advice(tmp_path):
    result = run_script("backup", "--output", str(tmp_path / "x.dump"), database_url="")

    assert result.returncode == 2
    assert "SQLite" in result.stderr
    assert "copy the database file" in result.stderr
    assert not (tmp_path / "x.dump").exists()


def test_restore_of_a_missing_file_is_refused(tmp_path):
    result = run_script(
        "restore", str(tmp_path / "none.dump"), database_url="postgres://s3p@127.0.0.1/x"
    )

    assert result.returncode == 2
    assert "No such backup file" in result.stderr


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_empty_database_has_the_same_rows(tmp_path):
    area = AreaFactory()
    for _ in range(3):
        region = RegionFactory()
        MembershipFactory(area=area, region=region)
    applicant = RegionFactory()
    AreaJoinRequestFactory(area=area, region=applicant, requested_by=representative_of(applicant))
    NotificationFactory()
    SessionStore().create()
    source_url = database_url(connection.settings_dict["NAME"])
    scratch = f"{connection.settings_dict['NAME']}_restored"
    admin_url = database_url("postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(scratch)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch)))
    try:
        dump = tmp_path / "portal.dump"
        backed_up = run_script("backup", "--output", str(dump), database_url=source_url)
        assert backed_up.returncode == 0, backed_up.stderr
        assert dump.stat().st_mode & 0o777 == 0o600
        restored = run_script("restore", str(dump), database_url=database_url(scratch))
        assert restored.returncode == 0, restored.stderr

        expected = row_counts(source_url)
        # Sessions are not backed up: restored, their cookies would work again.
        assert expected.pop("django_session") == 1
        # The proposing region is a member too.
        assert expected["thematic_areas_areamembership"] == 4
        assert expected["thematic_areas_areajoinrequest"] == 1
        assert counts_without_sessions(database_url(scratch)) == expected

        # Restoring again over the data is clean: objects are replaced, not doubled.
        again = run_script("restore", str(dump), database_url=database_url(scratch))
        assert again.returncode == 0, again.stderr
        assert counts_without_sessions(database_url(scratch)) == expected
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch))
            )


def test_the_password_goes_in_the_environment_not_on_the_command_line():
    import importlib.util

    spec = importlib.util.spec_from_file_location("db_backup", SCRIPT)
    db_backup = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(db_backup)

    url, environment = db_backup.libpq_target("pgsql://s3p:se%40cret@db.internal:5433/s3p?x=1")

    assert url == "postgresql://s3p@db.internal:5433/s3p"
    assert environment["PGPASSWORD"] == "se@cret"
