#!/usr/bin/env python3
"""Back up and restore the portal's PostgreSQL database (`make backup`, `make restore`).

    python scripts/db_backup.py backup [--output FILE]
    python scripts/db_backup.py restore FILE

The database is the one DATABASE_URL names (from the environment, as the
portal reads it). A backup is pg_dump's custom format, readable by its owner only
and without the sessions, written under backups/ (which git ignores)
unless --output says otherwise. A restore
replaces the objects of the dump in the target database, in one transaction:
on any error nothing changes.

SQLite, the embedded default, has no such tools: the database is one file,
copied while the portal is stopped.
"""

import argparse
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BACKUP_DIR = ROOT / "backups"
SESSIONS_TABLE = "django_session"
# The schemes django-environ reads as PostgreSQL; libpq knows only the first two.
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql", "psql"}
SQLITE_ADVICE = (
    "DATABASE_URL does not name a PostgreSQL database, so the portal runs on SQLite: "
    "there is nothing to pg_dump. Stop the portal and copy the database file, e.g. "
    "`cp db.sqlite3 backups/db-$(date +%Y%m%d-%H%M%S).sqlite3`; restore by copying it back."
)


class BackupError(Exception):
    pass


def libpq_target(database_url):
    """Return (URL without password, environment) for pg_dump/pg_restore.

    The password travels in PGPASSWORD, not on the command line, where any
    local user could read it in the process list. Anything but PostgreSQL
    raises BackupError.
    """
    parts = urlsplit(database_url or "")
    if parts.scheme not in POSTGRES_SCHEMES:
        raise BackupError(SQLITE_ADVICE)
    environment = dict(os.environ)
    netloc = parts.hostname or ""
    if parts.port:
        netloc = f"{netloc}:{parts.port}"
    if parts.username:
        netloc = f"{unquote(parts.username)}@{netloc}"
    if parts.password:
        environment["PGPASSWORD"] = unquote(parts.password)
    # django-environ's own options (conn_max_age...) mean nothing to libpq.
    return urlunsplit(("postgresql", netloc, parts.path, "", "")), environment


def _tool(name):
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return path


def backup(database_url, output=None):
    url, environment = libpq_target(database_url)
    if output is None:
        BACKUP_DIR.mkdir(exist_ok=True)
        output = BACKUP_DIR / f"s3p-{datetime.now(UTC):%Y%m%d-%H%M%S}.dump"
    output = Path(output)
    # Only its owner may read a backup: it holds e-mail addresses and password
    # hashes. pg_dump writes into the file made here, which keeps its mode.
    output.touch(mode=0o600)
    output.chmod(0o600)
    # A fixed argument list, no shell; the URL is the operator's own. Sessions
    # are left out: restored, they would let their cookies in again.
    subprocess.run(  # noqa: S603
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
         f"--exclude-table-data={SESSIONS_TABLE}", f"--file={output}", f"--dbname={url}"],
        env=environment,
        check=True,
    )  # fmt: skip
    return output


def restore(database_url, dump_file):
    url, environment = libpq_target(database_url)
    dump_file = Path(dump_file)
    if not dump_file.is_file():
        raise BackupError(f"No such backup file: {dump_file}")
    subprocess.run(  # noqa: S603 (as above)
        [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
         "--single-transaction", "--exit-on-error", f"--dbname={url}", str(dump_file)],
        env=environment,
        check=True,
    )  # fmt: skip


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    backup_parser = commands.add_parser("backup", help="dump the database to a file")
    backup_parser.add_argument("--output", help="file to write (default: backups/s3p-<time>.dump)")
    restore_parser = commands.add_parser("restore", help="restore a dump into the database")
    restore_parser.add_argument("file", help="a file written by the backup command")
    args = parser.parse_args(argv)

    database_url = os.environ.get("DATABASE_URL", "")
    try:
        if args.command == "backup":
            print(f"Backup written to {backup(database_url, args.output)}")
        else:
            restore(database_url, args.file)
            print(f"Restored {args.file}")
    except BackupError as exc:
        print(exc, file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as exc:
        print(f"{Path(exc.cmd[0]).name} failed (exit status {exc.returncode}).", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
