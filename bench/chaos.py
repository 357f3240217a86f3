"""`make chaos`: one fault after another under traffic, each with its own counts.

On 127.0.0.1 only, on private instances started on other ports: a PostgreSQL
cluster (initdb in a temporary folder), a redis-server (cache and broker), an
SMTP server that receives the portal's mail in this process, gunicorn (2
workers, the production settings), a Celery worker and beat. The traffic of
`make soak` runs throughout (visitors, members asking to join areas over the
API, leads deciding), while these faults come in turn, each after a quiet
spell and followed by one:

- Redis stopped for 30 s (cache and broker gone);
- the Celery worker killed (SIGKILL) three times, 10 s apart;
- PostgreSQL stopped for 10 s and started again;
- the SMTP server refusing every connection for 30 s.

Then traffic stops, the worker drains the queue, the sweep delivers what the
faults left waiting, and each scenario is audited: requests answered 5xx
(only the documented 503 is allowed, and only while the database is down),
actions the clients saw succeed and whether they are stored, notifications
expected, delivered, lost and duplicated (an e-mail sent twice must carry the
same Message-ID). The report goes to the terminal and bench/chaos.md; the
exit status is 1 if any scenario failed.
"""

import argparse
import contextlib
import datetime
import email
import json
import os
import platform
import pwd
import re
import shutil
import signal
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from soak import HOST, ROOT, Soak, http_ok, wait_for

RESULTS = ROOT / "bench" / "chaos.md"
DOCUMENTED_503 = "documented 503"
DECISION = re.compile(r"/area-join-requests/(\d+)/(approve|reject)/$")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fault-seconds", type=float, default=30)
    parser.add_argument("--quiet-seconds", type=float, default=10, help="before each fault")
    parser.add_argument("--recovery-seconds", type=float, default=20, help="after each fault")
    parser.add_argument("--visitors", type=int, default=3)
    parser.add_argument("--members", type=int, default=3, help="threads making join requests")
    parser.add_argument("--areas", type=int, default=4)
    # Enough pairs that approvals (which end a pair's requests) do not run out.
    parser.add_argument("--regions", type=int, default=200, help="applicant regions")
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--redis-port", type=int, default=6391)
    parser.add_argument("--postgres-port", type=int, default=5499)
    parser.add_argument("--smtp-port", type=int, default=2526)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    # What the soak's machinery reads.
    args.server_url = f"postgres://postgres@{HOST}:{args.postgres_port}"
    args.max_requests = 10**9
    args.minutes = 0
    return args


class SmtpSink(socketserver.ThreadingTCPServer):
    """A mail server that keeps each message's Message-ID, or refuses every connection."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port):
        self.refusing = threading.Event()
        self.lock = threading.Lock()
        self.received = []
        super().__init__((HOST, port), SmtpSession)

    def handle_error(self, request, client_address):
        # A worker killed in the middle of a session hangs up: nothing to report.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)

    def keep(self, data):
        message = email.message_from_bytes(data)
        with self.lock:
            self.received.append({"message_id": message["Message-ID"], "to": message["To"]})


class SmtpSession(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend: EHLO, MAIL, RCPT, DATA, QUIT."""

    def reply(self, line):
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        if self.server.refusing.is_set():
            self.reply("421 chaos.s3p.test Service not available, closing channel")
            return
        self.reply("220 chaos.s3p.test ESMTP")
        while line := self.rfile.readline():
            verb = line.decode(errors="replace").strip().split(" ")[0].upper()
            if verb == "EHLO":
                self.reply("250-chaos.s3p.test")
                self.reply("250 8BITMIME")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                self.server.keep(self.read_data())
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("250 OK")

    def read_data(self):
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            # A leading dot was doubled by the sender (RFC 5321, 4.5.2).
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)


class PrivatePostgres:
    """A PostgreSQL cluster of its own, in a temporary folder, on its own port."""

    def __init__(self, port):
        self.port = port
        # Debian keeps the server's tools by version, off PATH.
        debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        initdb = debian[-1] if debian else shutil.which("initdb")
        if not initdb:
            raise SystemExit("make chaos needs PostgreSQL's server tools (initdb, pg_ctl).")
        self.bindir = Path(initdb).parent
        self.folder = Path(tempfile.mkdtemp(prefix="s3p-chaos-pg-"))
        # PostgreSQL refuses to run as root: as root, it runs as the postgres user.
        self.as_owner = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self.as_owner = ["runuser", "-u", "postgres", "--"]
        self.data = self.folder / "data"

    def command(self, tool, *args):
        subprocess.run(
            [*self.as_owner, str(self.bindir / tool), *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )

    def create(self):
        self.command("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        self.start()

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses={HOST} -c fsync=off"
        self.command(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
            "-w",
            "start",
        )

    def stop(self):
        self.command("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class Chaos(Soak):
    def __init__(self, args):
        super().__init__(args)
        self.phase = "set-up"
        # (what, went down, came back) in time.monotonic(); +inf while down.
        self.outages = []
        self.phases = []
        self.phase_statuses = {}
        self.created = []
        self.decided = []
        self.postgres = PrivatePostgres(args.postgres_port)
        self.smtp = SmtpSink(args.smtp_port)

    def env(self):
        env = super().env()
        env.update(
            DATABASE_URL=f"{self.args.server_url}/s3p_soak",
            # The cache on Redis too, as the README and docker-compose set it.
            CACHE_URL=f"redis://{HOST}:{self.args.redis_port}/1",
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST=HOST,
            EMAIL_PORT=str(self.args.smtp_port),
            EMAIL_TIMEOUT="5",
        )
        return env

    def request(self, method, path, token=None, body=None):
        began = time.monotonic()
        status, payload = super().request(method, path, token, body)
        with self.lock:
            # The documented 503s: any request while the database is down, and
            # the readiness probe while any part it checks is down.
            now = time.monotonic()
            allowed = status == 503 and any(
                down < now and began < up and (what == "database" or path == "/health/")
                for what, down, up in self.outages
            )
            key = DOCUMENTED_503 if allowed else status
            self.phase_statuses.setdefault(self.phase, Counter())[key] += 1
            # What the client saw succeed, with the scenario it happened in.
            if method == "POST" and status == 201:
                self.created.append({"id": json.loads(payload)["id"], "phase": self.phase})
            decided = DECISION.search(path) if method == "POST" and status == 200 else None
            if decided:
                verdict = "approved" if decided[2] == "approve" else "rejected"
                self.decided.append({"id": int(decided[1]), "status": verdict, "phase": self.phase})
        return status, payload

    def scenario(self, name, inject, recover, hold=None):
        """A quiet spell, the fault, the recovery: all counted as the scenario's."""
        args = self.args
        self.phase = name
        started = datetime.datetime.now(datetime.UTC)
        self.stop.wait(args.quiet_seconds)
        self.log(f"{name}: begins")
        inject()
        self.stop.wait(args.fault_seconds if hold is None else hold)
        recover()
        self.log(f"{name}: ends")
        self.stop.wait(args.recovery_seconds)
        ended = datetime.datetime.now(datetime.UTC)
        self.phases.append({"name": name, "from": started.isoformat(), "to": ended.isoformat()})

    def faults(self):
        def stop_redis():
            self.outages.append(("redis", time.monotonic(), float("inf")))
            self.kill("redis", signal.SIGTERM)

        def start_redis():
            self.start_redis()
            self.outages[-1] = (*self.outages[-1][:2], time.monotonic())

        def kill_worker_three_times():
            for number in range(3):
                if number:
                    self.stop.wait(10)
                self.log("SIGKILL the Celery worker")
                self.kill("worker")
                self.start_worker()

        def stop_postgres():
            self.outages.append(("database", time.monotonic(), float("inf")))
            self.postgres.stop()

        def start_postgres():
            self.postgres.start()
            self.outages[-1] = (*self.outages[-1][:2], time.monotonic())

        self.scenario("Redis stopped", stop_redis, start_redis)
        self.scenario("Celery worker killed 3 times", kill_worker_three_times, lambda: None, hold=0)
        self.scenario("PostgreSQL restarted", stop_postgres, start_postgres, hold=10)
        self.scenario("SMTP refusing", self.smtp.refusing.set, self.smtp.refusing.clear)
        self.phase = "after the faults"
        self.stop.set()

    def audit(self):
        phases_file = self.workdir / "chaos.json"
        phases_file.write_text(
            json.dumps(
                {
                    "phases": self.phases,
                    "decisions": self.decided,
                    "created": self.created,
                    "received": self.smtp.received,
                }
            )
        )
        checked = self.run(
            sys.executable,
            "bench/soak_db.py",
            "chaos-audit",
            str(phases_file),
            capture_output=True,
            text=True,
        )
        return json.loads(checked.stdout)


def report(chaos, audit):
    lines = [
        "# Fault scenarios",
        "",
        f"Run on {datetime.date.today().isoformat()} ({platform.platform()}, "
        f"{os.cpu_count()} CPUs) by `make chaos`: gunicorn (2 workers, production settings), "
        "a Celery worker and beat, on a private PostgreSQL, Redis (cache and broker) and SMTP "
        f"server; {chaos.args.visitors} visitor threads, {chaos.args.members} member threads "
        f"and {chaos.args.areas} leads throughout.",
        "",
        "| scenario | requests | 5xx (not allowed) | 503 as documented (any page while the "
        "database is down, /health/ while a part it checks is down) "
        "| actions seen / stored as seen | notifications expected / delivered / lost "
        "| e-mails sent twice (same Message-ID) / with another Message-ID | verdict |",
        "|---|---|---|---|---|---|---|---|",
    ]
    failed = False
    for phase in audit["phases"]:
        name = phase["name"]
        statuses = chaos.phase_statuses.get(name, Counter())
        errors = (
            sum(n for status, n in statuses.items() if not isinstance(status, int) or status >= 500)
            - statuses[DOCUMENTED_503]
        )
        ok = (
            errors == 0
            and phase["actions_seen"] == phase["actions_stored_as_seen"]
            and phase["notifications_lost"] == 0
            and phase["duplicates_other_message_id"] == 0
        )
        failed = failed or not ok
        lines.append(
            f"| {name} | {sum(statuses.values())} | {errors} "
            f"| {statuses[DOCUMENTED_503]} "
            f"| {phase['actions_seen']} / {phase['actions_stored_as_seen']} "
            f"| {phase['notifications_expected']} / {phase['notifications_delivered']} "
            f"/ {phase['notifications_lost']} "
            f"| {phase['duplicates_same_message_id']} / {phase['duplicates_other_message_id']} "
            f"| {'pass' if ok else 'FAIL'} |"
        )
    every_status = Counter()
    for statuses in chaos.phase_statuses.values():
        every_status.update(statuses)
    lines += [
        "",
        "Every answer, all phases: "
        + ", ".join(f"{status}: {n}" for status, n in sorted(every_status.items(), key=str)),
        "",
        f"Whole run: {audit['totals']}",
        "",
        "## Timeline",
        "",
        *(f"    {event}" for event in chaos.events),
        "",
        f"**{'FAIL' if failed else 'PASS'}**",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    chaos.args.output.write_text(text)
    return not failed


def main():
    args = parse_args()
    chaos = Chaos(args)
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("chaos timeout")))
    signal.alarm(1800)
    smtp_thread = threading.Thread(target=chaos.smtp.serve_forever, daemon=True)
    smtp_thread.start()
    try:
        chaos.log("starting a private PostgreSQL")
        chaos.postgres.create()
        chaos.log("building the scratch database")
        world = chaos.database()
        chaos.start_all()
        wait_for(lambda: http_ok(args.port, "/healthz"), "gunicorn")
        chaos.log("traffic starts")
        chaos.traffic(world)
        chaos.settle()
        audit = chaos.audit()
    finally:
        chaos.stop.set()
        chaos.stop_all()
        chaos.smtp.shutdown()
        chaos.postgres.remove()
        signal.alarm(0)
    sys.exit(0 if report(chaos, audit) else 1)


if __name__ == "__main__":
    main()
