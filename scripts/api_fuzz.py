"""Fuzz the API of a live server with the schemathesis command line.

On 127.0.0.1 only: builds a scratch database (PostgreSQL when DATABASE_URL
points at it, under that database's name plus `_fuzz`, dropped and created
afresh so the test databases are never touched; a temporary SQLite file
otherwise), migrates it, loads the regions and the demo data, gives a demo
region representative an API token, serves the portal with gunicorn on a free
port, runs `schemathesis run` over every operation of /api/schema/ with that
token and prints its summary. Exits with schemathesis's status: non-zero on
any server error or answer that breaks the schema.

    .venv/bin/python scripts/api_fuzz.py [--max-examples N]

The server runs without Redis (Celery tasks run in the request) and with
throttling rates high enough for the fuzzer: both have their own tests.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
REPRESENTATIVE = "lombardia@demo.s3p.eu"
CHECKS = (
    "not_a_server_error,response_schema_conformance,"
    "content_type_conformance,status_code_conformance"
)
ISSUE_TOKEN = f"""
from accounts.models import ApiToken, User
_token, secret = ApiToken.issue(user=User.objects.get(email="{REPRESENTATIVE}"), name="API fuzzing")
print(secret)
"""


def scratch_postgres(url):
    """Drop and create `<name>_fuzz` next to the database of `url`; return its URL."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_fuzz"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for(url, server, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"The server stopped with status {server.returncode}.")
        try:
            # The first schema takes a while to build on a busy machine.
            with urllib.request.urlopen(url, timeout=60):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"The server did not answer {url} within {timeout}s.")


def manage(env, *args, capture=False):
    command = [str(BIN / "python"), "manage.py", *args]
    result = subprocess.run(
        command, cwd=ROOT, env=env, check=True, text=True, capture_output=capture
    )
    return result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--max-examples",
        type=int,
        default=int(os.environ.get("API_FUZZ_EXAMPLES", "5")),
        help="examples per operation (API_FUZZ_EXAMPLES, default 5)",
    )
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="s3p-api-fuzz-"))
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith(("postgres://", "postgresql://")):
        database_url = scratch_postgres(database_url)
    else:
        database_url = f"sqlite:///{workdir / 'fuzz.sqlite3'}"
    env = {
        **os.environ,
        "DJANGO_ENV": "development",
        "DATABASE_URL": database_url,
        "API_THROTTLE_ANON": "100000/minute",
        "API_THROTTLE_USER": "100000/minute",
        "API_THROTTLE_EXPORTS": "100000/minute",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)

    print(f"Scratch database: {database_url}", flush=True)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_regions")
    manage(env, "seed_demo")
    token = manage(env, "shell", "-c", ISSUE_TOKEN, capture=True).strip().splitlines()[-1]

    port = free_port()
    base = f"http://{HOST}:{port}"
    log_path = workdir / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "s3p_portal.wsgi", "--bind", f"{HOST}:{port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(f"{base}/api/schema/", server)
        fuzz = subprocess.run(
            [
                str(BIN / "schemathesis"),
                "run",
                f"{base}/api/schema/",
                "--url",
                base,
                "--header",
                f"Authorization: Token {token}",
                "--checks",
                CHECKS,
                "--max-examples",
                str(options.max_examples),
                "--workers",
                "1",
                "--seed",
                "1",
                "--no-color",
            ],
            cwd=workdir,
            env=env,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    if fuzz.returncode:
        print(f"\nServer log (last lines of {log_path}):")
        print("".join(log_path.read_text().splitlines(keepends=True)[-60:]))
    else:
        shutil.rmtree(workdir)
    return fuzz.returncode


if __name__ == "__main__":
    sys.exit(main())
