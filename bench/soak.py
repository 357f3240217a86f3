"""`make soak`: minutes of mixed traffic while the worker and Redis fail, then an audit.

On 127.0.0.1 only: a scratch PostgreSQL database (created, migrated, seeded
with areas, their leads and applicant regions), gunicorn (2 workers, the
production settings), its own redis-server, a Celery worker and beat. For
--minutes (default 3, and at most --max-requests requests), threads play
visitors reading pages, members asking to join areas and leads approving
or rejecting the requests, all over HTTP with API tokens. Meanwhile the
worker is killed (SIGKILL) and restarted every --kill-every seconds and
Redis is restarted once, half-way.

Then traffic stops, the worker drains, the sweep delivers what the faults
left waiting, and the database is audited: every decision a client saw
succeed is stored, once, as seen; no pair has two pending requests;
memberships match approved requests; every notification was e-mailed, and
each recipient got exactly as many e-mails as they have sent notifications.
The report goes to the terminal and bench/soak.md. A global timeout stops
everything, whatever hangs.
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import queue
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
RESULTS = ROOT / "bench" / "soak.md"
HOST = "127.0.0.1"
DATABASE = "s3p_soak"
VISITOR_PATHS = ["/", "/areas/", "/regions/", "/api/v1/thematic-areas/", "/healthz", "/health/"]
# Every queue of s3p_portal/queues.py under the default name (tests/test_task_routes.py
# keeps them in step): here one worker serves them all.
QUEUES = ("celery", "celery.email", "celery.digests", "celery.computations")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--visitors", type=int, default=3)
    parser.add_argument("--members", type=int, default=3, help="threads making join requests")
    parser.add_argument("--areas", type=int, default=4)
    parser.add_argument("--regions", type=int, default=30, help="applicant regions")
    parser.add_argument("--kill-every", type=float, default=30, help="seconds between kills")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--redis-port", type=int, default=6390)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--server-url",
        default=os.environ.get("SOAK_POSTGRES_URL", "postgres://s3p@127.0.0.1:5432"),
        help="PostgreSQL server (a role that may create databases), without database name.",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args()


class Soak:
    def __init__(self, args):
        self.args = args
        self.workdir = Path(tempfile.mkdtemp(prefix="s3p-soak-"))
        self.maildir = self.workdir / "mail"
        self.maildir.mkdir()
        self.processes = {}
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.latencies = []
        self.decisions = []
        self.events = []
        self.stop = threading.Event()
        self.pending = {}
        # Decisions whose answer was lost (timeout, 5xx): stored or not, the
        # client cannot know; the audit reports them apart.
        self.unknown = set()
        self.requests = 0
        self.started = time.monotonic()

    # -- environment ------------------------------------------------------
    def env(self):
        env = dict(os.environ)
        env.update(
            DJANGO_ENV="production",
            SECRET_KEY="soak-only-secret-key-not-used-anywhere-else-0123456789abcdef",
            ALLOWED_HOSTS=HOST,
            SECURE_SSL_REDIRECT="false",
            DATABASE_URL=f"{self.args.server_url}/{DATABASE}",
            REDIS_URL=f"redis://{HOST}:{self.args.redis_port}/0",
            CELERY_TASK_ALWAYS_EAGER="false",
            # The names in QUEUES, whatever the caller's environment says.
            CELERY_TASK_DEFAULT_QUEUE=QUEUES[0],
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=str(self.maildir),
            LOG_LEVEL="WARNING",
            API_THROTTLE_ANON="1000000/minute",
            API_THROTTLE_USER="1000000/minute",
            API_THROTTLE_EXPORTS="1000000/minute",
            S3P_DAILY_JOIN_REQUESTS="1000000",
        )
        return env

    def log(self, text):
        line = f"{time.monotonic() - self.started:7.1f}s {text}"
        print(line, flush=True)
        self.events.append(line)

    def run(self, *command, **kwargs):
        return subprocess.run(command, cwd=ROOT, env=self.env(), check=True, **kwargs)

    def database(self):
        with psycopg.connect(f"{self.args.server_url}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{DATABASE}"')
        self.run(PYTHON, "manage.py", "migrate", "--verbosity", "0")
        self.run(PYTHON, "manage.py", "load_regions", stdout=subprocess.DEVNULL)
        # The production settings serve hashed static files from STATIC_ROOT.
        self.run(PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0")
        seeded = self.run(
            PYTHON,
            "bench/soak_db.py",
            "seed",
            str(self.args.areas),
            str(self.args.regions),
            capture_output=True,
            text=True,
        )
        return json.loads(seeded.stdout)

    def start(self, name, *command):
        logfile = (self.workdir / f"{name}.log").open("ab")
        # Each in its own process group, so a kill reaches the prefork children too.
        self.processes[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env(),
            stdout=logfile,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_redis(self):
        self.start(
            "redis",
            "redis-server",
            "--port",
            str(self.args.redis_port),
            "--bind",
            HOST,
            "--save",
            "",
            "--appendonly",
            "no",
        )
        wait_for(lambda: redis_ping(self.args.redis_port), "redis-server")

    def start_worker(self):
        self.start(
            "worker",
            str(BIN / "celery"),
            "-A",
            "s3p_portal",
            "worker",
            "--concurrency=2",
            "--pool=prefork",
            f"--queues={','.join(QUEUES)}",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
        )

    def start_all(self):
        self.start_redis()
        self.start_worker()
        self.start(
            "beat",
            str(BIN / "celery"),
            "-A",
            "s3p_portal",
            "beat",
            "--loglevel=WARNING",
            f"--schedule={self.workdir / 'beat-schedule'}",
        )
        self.start(
            "gunicorn",
            str(BIN / "gunicorn"),
            "s3p_portal.wsgi",
            "--workers=2",
            f"--bind={HOST}:{self.args.port}",
            "--log-level=warning",
            "--timeout=30",
        )
        wait_for(lambda: http_ok(self.args.port, "/healthz"), "gunicorn")

    def kill(self, name, sig=signal.SIGKILL):
        process = self.processes.get(name)
        if process and process.poll() is None:
            os.killpg(process.pid, sig)
            process.wait(timeout=30)

    def stop_all(self):
        for name in ("gunicorn", "beat", "worker", "redis"):
            process = self.processes.get(name)
            if process and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)

    # -- traffic ----------------------------------------------------------
    def request(self, method, path, token=None, body=None):
        headers = {"Accept": "text/html,application/json"}
        if token:
            headers["Authorization"] = f"Token {token}"
        if body is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(body).encode()
            headers["Content-Length"] = str(len(body))
        started = time.perf_counter()
        connection = http.client.HTTPConnection(HOST, self.args.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            status = response.status
        except OSError as exc:
            payload, status = b"", f"connection error ({type(exc).__name__})"
        finally:
            connection.close()
        with self.lock:
            self.requests += 1
            self.statuses[status] += 1
            self.latencies.append(time.perf_counter() - started)
            if self.requests >= self.args.max_requests:
                self.stop.set()
        return status, payload

    def visitor(self, rng, areas):
        while not self.stop.is_set():
            path = rng.choice([*VISITOR_PATHS, *(f"/areas/{slug}/" for slug in areas)])
            self.request("GET", path)

    def member(self, rng, members, areas):
        while not self.stop.is_set():
            member = rng.choice(members)
            area = rng.choice(areas)
            status, payload = self.request(
                "POST",
                "/api/v1/area-join-requests/",
                member["token"],
                {"area": area, "region": member["region"], "statement": "Soak."},
            )
            if status == 201:
                self.pending[area].put(json.loads(payload)["id"])

    def lead(self, rng, lead):
        waiting = self.pending[lead["area"]]
        while not self.stop.is_set():
            try:
                request_id = waiting.get(timeout=0.5)
            except queue.Empty:
                continue
            verdict = rng.choice(["approve", "reject", "reject"])
            status, _payload = self.request(
                "POST",
                f"/api/v1/area-join-requests/{request_id}/{verdict}/",
                lead["token"],
                {"reason": "Soak decision."},
            )
            if status == 200:
                with self.lock:
                    self.decisions.append(
                        {
                            "id": request_id,
                            "status": "approved" if verdict == "approve" else "rejected",
                        }
                    )
            elif not isinstance(status, int) or status >= 500:
                # The outcome is unknown: retry, as a person would; the
                # service refuses a second decision, so none is doubled.
                with self.lock:
                    self.unknown.add(request_id)
                waiting.put(request_id)

    def faults(self):
        seconds = self.args.minutes * 60
        redis_restarted = False
        next_kill = self.args.kill_every
        while not self.stop.wait(1):
            elapsed = time.monotonic() - self.traffic_started
            if elapsed >= seconds:
                self.stop.set()
            elif elapsed >= next_kill:
                self.log("SIGKILL the Celery worker")
                self.kill("worker")
                self.start_worker()
                next_kill += self.args.kill_every
            elif not redis_restarted and elapsed >= seconds / 2:
                self.log("restart Redis")
                self.kill("redis", signal.SIGTERM)
                self.start_redis()
                redis_restarted = True

    def traffic(self, world):
        rng = random.Random(self.args.seed)
        areas = [lead["area"] for lead in world["leads"]]
        self.pending = {area: queue.Queue() for area in areas}
        threads = [
            threading.Thread(target=self.visitor, args=(random.Random(rng.random()), areas))
            for _ in range(self.args.visitors)
        ]
        threads += [
            threading.Thread(
                target=self.member, args=(random.Random(rng.random()), world["members"], areas)
            )
            for _ in range(self.args.members)
        ]
        threads += [
            threading.Thread(target=self.lead, args=(random.Random(rng.random()), lead))
            for lead in world["leads"]
        ]
        self.traffic_started = time.monotonic()
        for thread in threads:
            thread.start()
        self.faults()
        for thread in threads:
            thread.join(timeout=60)
        self.duration = time.monotonic() - self.traffic_started

    def settle(self):
        """Let the worker finish the queue, stop it, then run the sweep over what is left."""
        self.log("traffic stopped; letting the worker drain the queue")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and redis_queue_length(self.args.redis_port):
            time.sleep(1)
        time.sleep(5)
        self.kill("beat", signal.SIGTERM)
        self.kill("worker", signal.SIGTERM)
        drained = self.run(PYTHON, "bench/soak_db.py", "drain", capture_output=True, text=True)
        self.log(f"sweep after the faults: {drained.stdout.strip()}")

    def verify(self):
        decisions_file = self.workdir / "decisions.json"
        decisions_file.write_text(
            json.dumps({"seen": self.decisions, "unknown": sorted(self.unknown)})
        )
        checked = self.run(
            PYTHON,
            "bench/soak_db.py",
            "verify",
            str(decisions_file),
            str(self.maildir),
            capture_output=True,
            text=True,
        )
        return json.loads(checked.stdout)


def redis_ping(port):
    import redis

    try:
        return redis.Redis(host=HOST, port=port, socket_timeout=1).ping()
    except redis.RedisError:
        return False


def redis_queue_length(port):
    """Tasks waiting in all the queues together."""
    import redis

    try:
        client = redis.Redis(host=HOST, port=port, socket_timeout=1)
        return sum(client.llen(name) for name in QUEUES)
    except redis.RedisError:
        return 0


def http_ok(port, path):
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def wait_for(check, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def report(soak, audit):
    args = soak.args
    errors = {str(s): n for s, n in soak.statuses.items() if not isinstance(s, int) or s >= 500}
    refused = {str(s): n for s, n in soak.statuses.items() if isinstance(s, int) and 400 <= s < 500}
    failures = {
        key: value
        for key, value in audit.items()
        if key not in ("decisions_recorded", "decisions_stored", "notifications", "emails")
        and value
    }
    verdict = "PASS" if not errors and not failures else "FAIL"
    lines = [
        "# Soak and fault test",
        "",
        f"Run on {datetime.date.today().isoformat()} ({platform.platform()}, "
        f"{os.cpu_count()} CPUs) by `make soak SOAK_ARGS='--minutes {args.minutes:g}'`.",
        "",
        f"Traffic: {soak.duration:.0f} s, {args.visitors} visitor threads, {args.members} member "
        f"threads, {args.areas} leads; {args.areas} areas, {args.regions} applicant regions; "
        "gunicorn with 2 workers, PostgreSQL, Redis, a Celery worker (concurrency 2, every "
        "queue) and beat.",
        "",
        "## Faults",
        "",
        *(f"    {event}" for event in soak.events),
        "",
        "## Requests",
        "",
        f"- requests served: {soak.requests} ({soak.requests / max(soak.duration, 1):.1f}/s)",
        f"- p95 latency: {percentile(soak.latencies, 0.95) * 1000:.0f} ms "
        f"(p50 {percentile(soak.latencies, 0.5) * 1000:.0f} ms)",
        f"- by status: {dict(sorted((str(s), n) for s, n in soak.statuses.items()))}",
        f"- errors (5xx, connection): {errors or 0}",
        f"- refused by the rules (4xx, e.g. a second pending request for a pair): {refused or 0}",
        "",
        "## Audit of the database",
        "",
        *(f"- {key.replace('_', ' ')}: {value}" for key, value in audit.items()),
        "",
        f"**{verdict}**" + (f": {failures}" if failures else ""),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    args.output.write_text(text)
    return verdict == "PASS"


def main():
    args = parse_args()
    soak = Soak(args)
    # Whatever hangs, the soak ends: traffic, settling and audit get this long.
    budget = args.minutes * 60 + 600
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("soak timeout")))
    signal.alarm(int(budget))
    try:
        soak.log("building the scratch database")
        world = soak.database()
        soak.start_all()
        soak.log("traffic starts")
        soak.traffic(world)
        soak.settle()
        audit = soak.verify()
    finally:
        soak.stop.set()
        soak.stop_all()
        signal.alarm(0)
    sys.exit(0 if report(soak, audit) else 1)


if __name__ == "__main__":
    main()
