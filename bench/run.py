"""`make bench`: throughput and latency of the key pages at scale 1 and 10.

For each scale: a PostgreSQL database with the synthetic data
(`generate_scale_data`, kept between runs), gunicorn with 2 sync workers on
loopback under the production settings, the SQL query count of every
endpoint, then per endpoint and audience a warm-up and a bounded closed-loop
run: as a visitor (no session, the public cache) and signed in (a region's
representative, or a moderator for the moderation queue), then a region's
join requests as POSTs, then the streamed export of every project with the
serving worker's memory. The floor is /healthz, a constant response
measured in the same run with the same server. Results are printed and
written to bench/results.md, with the targets they miss.
"""

import argparse
import datetime
import json
import os
import platform
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import redis
from loadgen import load, load_each, request_bytes

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results.md"
SEED = 1


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="1,10", help="Comma-separated scales (default 1,10).")
    parser.add_argument("--seconds", type=float, default=8, help="Measured seconds per endpoint.")
    parser.add_argument("--warmup", type=float, default=2, help="Warm-up seconds per endpoint.")
    parser.add_argument("--connections", type=int, default=4, help="Concurrent clients.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--server-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://s3p@127.0.0.1:5432"),
        help="PostgreSQL server (a role that may create databases), without database name.",
    )
    parser.add_argument(
        "--cache-url",
        default=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/15"),
        help="The shared cache of production (CACHE_URL); emptied before each scale.",
    )
    parser.add_argument(
        "--broker-url",
        default=os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14"),
        help="Celery's broker: requests queue their tasks there, as in production, and no "
        "worker runs them; emptied after each scale.",
    )
    parser.add_argument("--rebuild", action="store_true", help="Regenerate the data sets.")
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args()


def server_env(database_url, cache_url="", broker_url=""):
    env = dict(os.environ)
    env.update(
        CACHE_URL=cache_url,
        DJANGO_ENV="production",
        SECRET_KEY="benchmark-only-secret-key-not-used-anywhere-else-0123456789",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        CONN_MAX_AGE="60",
        LOG_LEVEL="ERROR",
        REDIS_URL=broker_url,
        CELERY_TASK_ALWAYS_EAGER="false" if broker_url else "true",
        # The API's anonymous throttle (60 a minute) would turn most of a run
        # into 429 responses, which are cheap and would flatter the numbers.
        API_THROTTLE_ANON="1000000/minute",
        API_THROTTLE_USER="1000000/minute",
        API_THROTTLE_EXPORTS="1000000/minute",
        # The representative sends a join request a POST for one area after another.
        S3P_DAILY_JOIN_REQUESTS="1000000",
    )
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare_database(server_url, cache_url, broker_url, scale, rebuild):
    """Create the database for `scale` and load its data once; later runs reuse it."""
    name = f"s3p_bench_{scale}"
    database_url = f"{server_url}/{name}"
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and rebuild:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
    env = server_env(database_url, cache_url, broker_url)
    with psycopg.connect(database_url) as db:
        loaded = db.execute("SELECT to_regclass('accounts_user') IS NOT NULL").fetchone()[0]
        if loaded:
            loaded = db.execute(
                "SELECT EXISTS (SELECT 1 FROM accounts_user WHERE email LIKE '%@scale.s3p.test')"
            ).fetchone()[0]
    if loaded:
        print(f"scale {scale}: reusing database {name}")
        manage(env, "migrate", "--verbosity", "0")
    else:
        print(f"scale {scale}: building database {name}")
        manage(env, "migrate", "--verbosity", "0")
        manage(env, "load_regions")
        started = time.perf_counter()
        manage(env, "generate_scale_data", "--scale", str(scale), "--seed", str(SEED))
        print(f"scale {scale}: data loaded in {time.perf_counter() - started:.0f} s")
    # As autovacuum leaves a database in service, whether or not it has run
    # since the load: planner statistics, and visibility maps that let
    # counts read an index alone.
    with psycopg.connect(database_url, autocommit=True) as db:
        db.execute("VACUUM (ANALYZE)")
    return env


def wait_until_up(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not come up")


AUDIENCES = ("visitor", "representative", "moderator")


def load_average():
    """The machine's load average over the last minute."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def cookie_headers(probed, audience):
    return [f"Cookie: {probed['cookies'][audience]}"] if audience != "visitor" else []


def run_load(args, path, headers):
    load("127.0.0.1", args.port, path, seconds=args.warmup, connections=2, headers=headers)
    result = load(
        "127.0.0.1",
        args.port,
        path,
        seconds=args.seconds,
        connections=args.connections,
        headers=headers,
    )
    return summary(result)


def summary(result):
    return {
        "rps": result.per_second,
        "p50": result.percentile(0.50) * 1000,
        "p95": result.percentile(0.95) * 1000,
        "errors": result.errors,
        "requests": result.requests,
        "load": load_average(),
    }


def print_row(scale, name, audience, row):
    print(
        f"  scale {scale:<3} {name:<28} {audience:<14} {row['status']} {row['queries']:>3} q "
        f"{row['rps']:8.1f} req/s  p50 {row['p50']:7.1f} ms  p95 {row['p95']:7.1f} ms  "
        f"{row['errors']} errors"
    )


def join_run(args, probed):
    """The representative's region asks to join one open area after another, each once."""
    join = probed["join"]
    body = urllib.parse.urlencode(join["body"]).encode()
    headers = cookie_headers(probed, "representative")
    requests = [
        request_bytes("127.0.0.1", args.port, path, headers=headers, method="POST", body=body)
        for path in join["paths"]
    ]
    result = load_each(
        "127.0.0.1", args.port, requests, seconds=args.seconds, connections=args.connections
    )
    return summary(result)


def measure_scale(args, scale):
    env = prepare_database(args.server_url, args.cache_url, args.broker_url, scale, args.rebuild)
    # Both scales use the same cache: what one cached must not answer the other.
    redis.Redis.from_url(args.cache_url).flushdb()
    probe = subprocess.run(
        [PYTHON, "bench/probe.py"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    probed = json.loads(probe.stdout)
    endpoints = probed["endpoints"]
    server = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "s3p_portal.wsgi",
            "--workers=2",
            f"--bind=127.0.0.1:{args.port}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(args.port)
        for endpoint in endpoints:
            for audience in AUDIENCES:
                if audience in endpoint:
                    row = endpoint[audience]
                    headers = cookie_headers(probed, audience)
                    row.update(run_load(args, endpoint["path"], headers))
                    print_row(scale, endpoint["name"], audience, row)
        # Last: every committed request forgets the visitors' cache.
        join = probed["join"]["representative"]
        join.update(join_run(args, probed))
        cleaned = subprocess.run(
            [PYTHON, "bench/probe.py", "cleanup"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        join["created"] = json.loads(cleaned.stdout)["join_requests_created"]
        print_row(scale, "join request (POST)", "representative", join)
        print(f"  scale {scale:<3} join requests written: {join['created']}")
        export = export_memory(server, args.port)
        print(
            f"  scale {scale:<3} export of every project: {export['rows']} rows, "
            f"{export['megabytes']:.1f} MB in {export['seconds']:.1f} s, worker peak memory "
            f"+{export['memory_growth_mb']:.1f} MB"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        redis.Redis.from_url(args.broker_url).flushdb()
    for endpoint in endpoints:
        for audience in AUDIENCES:
            if audience in endpoint:
                floor = endpoints[0]["visitor"]["rps"]
                row = endpoint[audience]
                row["floor_ratio"] = row["rps"] / floor if floor else float("nan")
    return {
        "endpoints": endpoints,
        "join": join,
        "export": export,
        "representative": probed["representative"],
    }


def peak_memory_kb(pid):
    """The most memory the process has held (VmHWM), in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def export_memory(server, port):
    """Stream the export of every project and measure how much the serving worker's peak grew."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    before = {pid: peak_memory_kb(pid) for pid in children}
    started = time.perf_counter()
    url = f"http://127.0.0.1:{port}/api/v1/exports/projects/?format=csv"
    size = 0
    with urllib.request.urlopen(url, timeout=900) as response:
        rows = int(response.headers["X-Total-Count"])
        while chunk := response.read(1 << 16):
            size += len(chunk)
    seconds = time.perf_counter() - started
    growth = max(peak_memory_kb(pid) - kb for pid, kb in before.items())
    return {
        "rows": rows,
        "megabytes": size / 1e6,
        "seconds": seconds,
        "memory_growth_mb": growth / 1024,
    }


def versions(server_url):
    import django

    with psycopg.connect(f"{server_url}/postgres") as db:
        postgres = db.execute("SHOW server_version").fetchone()[0]
    gunicorn = subprocess.run(
        [str(Path(PYTHON).with_name("gunicorn")), "--version"], capture_output=True, text=True
    ).stdout.strip()
    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"PostgreSQL {postgres}, {gunicorn}"
    )


def machine():
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{socket.gethostname()}: {os.cpu_count()} CPUs ({model or platform.machine()})"


# The targets the results are read against (the "Targets" section of the report).
SIGNED_IN_P50_MS, SIGNED_IN_P95_MS, FLAT_RATIO = 50, 100, 1.2
VISITOR_PAGE_FLOOR, VISITOR_API_FLOOR = 0.5, 0.25
SEARCH_P95_MS, EXPORT_GROWTH_MB = 50, 50


def visitor_table(rows):
    lines = [
        "| endpoint | path | status | queries | cold queries | miss ms | req/s | p50 ms "
        "| p95 ms | errors | req/s ÷ floor |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for e in rows:
        if "visitor" in e:
            v = e["visitor"]
            lines.append(
                f"| {e['name']} | `{e['path']}` | {v['status']} | {v['queries']} | "
                f"{v['cold_queries']} | {v['miss_ms']:.1f} | {v['rps']:.1f} | {v['p50']:.1f} | "
                f"{v['p95']:.1f} | {v['errors']} | {v['floor_ratio']:.2f} |"
            )
    return lines


def signed_in_rows(result):
    """(name, path, audience, row) of every signed-in measurement, the join request last."""
    for e in result["endpoints"]:
        for audience in ("representative", "moderator"):
            if audience in e:
                yield e["name"], e["path"], audience, e[audience]
    join = result["join"]
    yield "join request (POST)", "`/areas/<open area>/join/`", "representative", join


def signed_in_table(result):
    lines = [
        "| endpoint | path | who | status | queries | cold queries | req/s | p50 ms | p95 ms "
        "| errors | req/s ÷ floor |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, path, audience, r in signed_in_rows(result):
        path = path if path.startswith("`") else f"`{path}`"
        ratio = f"{r['floor_ratio']:.2f}" if "floor_ratio" in r else "–"
        lines.append(
            f"| {name} | {path} | {audience} | {r['status']} | {r['queries']} | "
            f"{r.get('cold_queries', '–')} | {r['rps']:.1f} | {r['p50']:.1f} | {r['p95']:.1f} | "
            f"{r['errors']} | {ratio} |"
        )
    return lines


def ratio(high, low, key):
    return high[key] / low[key] if low.get(key) else float("nan")


def ratio_table(results, low, high):
    lines = [
        f"| endpoint | visitor p50 | signed-in p50 | signed-in queries, scale {low} → {high} |",
        "|---|---|---|---|",
    ]
    pairs = zip(results[low]["endpoints"], results[high]["endpoints"], strict=True)
    for small, large in pairs:
        visitor = (
            f"{ratio(large['visitor'], small['visitor'], 'p50'):.2f}" if "visitor" in small else "–"
        )
        audience = next((a for a in ("representative", "moderator") if a in small), None)
        signed = queries = "–"
        if audience:
            signed = f"{ratio(large[audience], small[audience], 'p50'):.2f}"
            queries = f"{small[audience]['queries']} → {large[audience]['queries']}"
        lines.append(f"| {small['name']} | {visitor} | {signed} | {queries} |")
    join_low, join_high = results[low]["join"], results[high]["join"]
    lines.append(
        f"| join request (POST) | – | {ratio(join_high, join_low, 'p50'):.2f} | "
        f"{join_low['queries']} → {join_high['queries']} |"
    )
    return lines


def missed_targets(results):
    """One line per target a measured row misses, with by how much."""
    scales = list(results)
    missed = []
    for scale in scales:
        result = results[scale]
        for name, path, audience, r in signed_in_rows(result):
            # Targets for pages and API lists; an export is timed, not held to them.
            if "/exports/" in path:
                continue
            if r["p50"] > SIGNED_IN_P50_MS or r["p95"] > SIGNED_IN_P95_MS:
                missed.append(
                    f"scale {scale}, {name} ({audience}): p50 {r['p50']:.0f} ms, "
                    f"p95 {r['p95']:.0f} ms (targets {SIGNED_IN_P50_MS} and {SIGNED_IN_P95_MS})"
                )
        for e in result["endpoints"][1:]:
            v = e.get("visitor")
            if not v or e["name"] == "global search" or "/exports/" in e["path"]:
                continue
            target = VISITOR_API_FLOOR if e["path"].startswith("/api/") else VISITOR_PAGE_FLOOR
            if v["floor_ratio"] < target:
                missed.append(
                    f"scale {scale}, {e['name']} (visitor): {v['floor_ratio']:.2f} × the floor "
                    f"(target {target})"
                )
        search = next(e for e in result["endpoints"] if e["name"] == "global search")
        for audience in ("visitor", "representative"):
            if search[audience]["p95"] >= SEARCH_P95_MS:
                missed.append(
                    f"scale {scale}, global search ({audience}): p95 "
                    f"{search[audience]['p95']:.0f} ms (target under {SEARCH_P95_MS})"
                )
        if result["export"]["memory_growth_mb"] >= EXPORT_GROWTH_MB:
            missed.append(
                f"scale {scale}, export: worker memory grew "
                f"{result['export']['memory_growth_mb']:.0f} MB (target under {EXPORT_GROWTH_MB})"
            )
    if len(scales) >= 2:
        low, high = results[scales[0]], results[scales[-1]]
        for small, large in zip(low["endpoints"], high["endpoints"], strict=True):
            for audience in ("representative", "moderator"):
                if audience in small and "/exports/" not in small["path"]:
                    r = ratio(large[audience], small[audience], "p50")
                    if r > FLAT_RATIO:
                        missed.append(
                            f"{small['name']} ({audience}): p50 at scale {scales[-1]} is "
                            f"{r:.2f} × scale {scales[0]} (target {FLAT_RATIO})"
                        )
    return missed


def report(args, results):
    scales = list(results)
    lines = [
        "# Benchmark results",
        "",
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine()}",
        f"- Versions: {versions(args.server_url)}",
        f"- Server: gunicorn, 2 sync workers, production settings, loopback; "
        f"{args.connections} concurrent clients, {args.warmup:g} s warm-up and "
        f"{args.seconds:g} s measured per endpoint and audience; data from "
        f"`generate_scale_data --seed {SEED}`.",
        "- Floor: `/healthz`, a constant response, measured in the same run; every "
        "req/s ÷ floor divides by it.",
        "- Visitors: no session. Pages and API lists come from the public cache in Redis "
        "(`CACHE_URL`), forgotten on every committed write (`core/cache.py`); req/s, p50 and "
        "p95 measure that path, warm. Queries and miss ms: one request with that cache off "
        "(Django test client, same database; miss ms the median of 5), queries counted with "
        "the computed data (pipeline figures, matchmaking) cached; cold queries is the first "
        "request after a change.",
        "- Signed in: a session cookie, so no page cache. The representative is the first "
        "verified representative of the region that leads the most areas; the moderator "
        "reads the moderation queue. The join request is a POST through gunicorn for one open "
        "area after another, each once, queueing its notification for Celery (no worker "
        "runs, as the broker is emptied after); what it wrote is deleted after the run. "
        "Exports are timed for both audiences (visitors get them from the cache) but held "
        "to no latency target: the targets are for pages and API lists.",
        "- Load average: the machine's 1-minute figure, read after each measurement.",
        "- Errors: responses that were not 2xx or 3xx, or connections that failed; a row "
        "with errors measures something else than the page.",
        "",
    ]
    for scale in scales:
        result = results[scale]
        rows = result["endpoints"]
        loads = [e[a]["load"] for e in rows for a in AUDIENCES if a in e]
        loads.append(result["join"]["load"])
        representative = result["representative"]
        export = result["export"]
        join = result["join"]
        lines += [
            f"## Scale {scale}",
            "",
            f"Load average during the run: {min(loads):.2f}–{max(loads):.2f}.",
            "",
            "### Visitors (no session, public cache warm)",
            "",
            *visitor_table(rows),
            "",
            f"### Signed in (a representative of {representative['region']}, "
            f"{representative['project_partner_rows']} project partner rows)",
            "",
            *signed_in_table(result),
            "",
            f"Join requests written: {join['created']} of {join['requests']} sent.",
            "",
            f"Export of every project (`/api/v1/exports/projects/?format=csv`, streamed): "
            f"{export['rows']} rows, {export['megabytes']:.1f} MB in {export['seconds']:.1f} s; "
            f"the serving worker's peak memory grew by {export['memory_growth_mb']:.1f} MB.",
            "",
        ]
    if len(scales) >= 2:
        low, high = scales[0], scales[-1]
        lines += [
            f"## p50 latency, scale {high} ÷ scale {low}",
            "",
            *ratio_table(results, low, high),
            "",
        ]
    missed = missed_targets(results)
    lines += [
        "## Targets",
        "",
        f"Signed-in p50 ≤ {SIGNED_IN_P50_MS} ms and p95 ≤ {SIGNED_IN_P95_MS} ms; signed-in p50 "
        f"at the largest scale ≤ {FLAT_RATIO} × the smallest; visitors' pages ≥ "
        f"{VISITOR_PAGE_FLOOR} × the floor and API lists ≥ {VISITOR_API_FLOOR} ×; search p95 "
        f"under {SEARCH_P95_MS} ms; export memory growth under {EXPORT_GROWTH_MB} MB.",
        "",
        *([f"- Missed: {line}" for line in missed] or ["- Every target met."]),
        "",
    ]
    args.output.write_text("\n".join(lines))
    print("\n".join(lines[-len(missed) - 2 :]))
    print(f"Written {args.output}")


def main():
    args = parse_args()
    manage(server_env(""), "collectstatic", "--noinput", "--verbosity", "0")
    results = {}
    for scale in [int(s) for s in args.scales.split(",")]:
        results[scale] = measure_scale(args, scale)
    report(args, results)


if __name__ == "__main__":
    main()
