"""`make bench`: throughput and latency of the key pages at scale 1 and 10.

For each scale: a PostgreSQL database with the synthetic data
(`generate_scale_data`, kept between runs), gunicorn with 2 sync workers on
loopback under the production settings, the SQL query count of every
endpoint, then per endpoint a warm-up and a bounded closed-loop run. The
floor is /healthz, a constant response measured in the same run with the
same server. Results are printed and written to bench/results.md.
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
import urllib.request
from pathlib import Path

import psycopg
import redis
from loadgen import load

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
    parser.add_argument("--rebuild", action="store_true", help="Regenerate the data sets.")
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args()


def server_env(database_url, cache_url=""):
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
        CELERY_TASK_ALWAYS_EAGER="true",
        # The API's anonymous throttle (60 a minute) would turn most of a run
        # into 429 responses, which are cheap and would flatter the numbers.
        API_THROTTLE_ANON="1000000/minute",
        API_THROTTLE_USER="1000000/minute",
        API_THROTTLE_EXPORTS="1000000/minute",
    )
    env.pop("REDIS_URL", None)
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare_database(server_url, cache_url, scale, rebuild):
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
    env = server_env(database_url, cache_url)
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


def measure_scale(args, scale):
    env = prepare_database(args.server_url, args.cache_url, scale, args.rebuild)
    # Both scales use the same cache: what one cached must not answer the other.
    redis.Redis.from_url(args.cache_url).flushdb()
    probe = subprocess.run(
        [PYTHON, "bench/probe.py"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    endpoints = json.loads(probe.stdout)
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
            load("127.0.0.1", args.port, endpoint["path"], seconds=args.warmup, connections=2)
            result = load(
                "127.0.0.1",
                args.port,
                endpoint["path"],
                seconds=args.seconds,
                connections=args.connections,
            )
            endpoint.update(
                rps=result.per_second,
                p50=result.percentile(0.50) * 1000,
                p95=result.percentile(0.95) * 1000,
                errors=result.errors,
                requests=result.requests,
            )
            print(
                f"  scale {scale:<3} {endpoint['name']:<28} {endpoint['status']} "
                f"{endpoint['queries']:>3} q  {endpoint['rps']:8.1f} req/s  "
                f"p50 {endpoint['p50']:7.1f} ms  p95 {endpoint['p95']:7.1f} ms  "
                f"{endpoint['errors']} errors"
            )
        export = export_memory(server, args.port)
        print(
            f"  scale {scale:<3} export of every project: {export['rows']} rows, "
            f"{export['megabytes']:.1f} MB in {export['seconds']:.1f} s, worker peak memory "
            f"+{export['memory_growth_mb']:.1f} MB"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    floor = endpoints[0]["rps"]
    for endpoint in endpoints:
        endpoint["floor_ratio"] = endpoint["rps"] / floor if floor else float("nan")
    return {"endpoints": endpoints, "export": export}


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
        f"{args.seconds:g} s measured per endpoint; data from "
        f"`generate_scale_data --seed {SEED}`.",
        "- Floor: `/healthz`, a constant response, measured in the same run.",
        "- Cache: Redis (`CACHE_URL`), as in production. Visitors without a session get "
        "pages and API lists from the public cache, forgotten on every committed write "
        "(`core/cache.py`); req/s, p50 and p95 measure that path, warm.",
        "- Queries and miss ms: one anonymous request with the public cache off (Django "
        "test client, same database; miss ms the median of 5): the cost of a cache miss, "
        "and what a signed-in user pays on every request. Queries are counted with the "
        "computed-data caches (pipeline figures, matchmaking) warm; cold queries is the "
        "first request after a change.",
        "- Errors: responses that were not 2xx or 3xx, or connections that failed; a row "
        "with errors measures something else than the page.",
        "",
    ]
    for scale in scales:
        lines += [
            f"## Scale {scale}",
            "",
            "| endpoint | path | status | queries | cold queries | miss ms | req/s | p50 ms "
            "| p95 ms | errors | req/s ÷ floor |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for e in results[scale]["endpoints"]:
            lines.append(
                f"| {e['name']} | `{e['path']}` | {e['status']} | {e['queries']} | "
                f"{e['cold_queries']} | {e['miss_ms']:.1f} | {e['rps']:.1f} | {e['p50']:.1f} | "
                f"{e['p95']:.1f} | {e['errors']} | {e['floor_ratio']:.2f} |"
            )
        export = results[scale]["export"]
        lines += [
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
            "| endpoint | p50 ratio | miss ms ratio |",
            "|---|---|---|",
        ]
        pairs = zip(results[low]["endpoints"], results[high]["endpoints"], strict=True)
        for small, large in pairs:
            ratio = large["p50"] / small["p50"] if small["p50"] else float("nan")
            miss = large["miss_ms"] / small["miss_ms"] if small["miss_ms"] else float("nan")
            lines.append(f"| {small['name']} | {ratio:.2f} | {miss:.2f} |")
        lines.append("")
    args.output.write_text("\n".join(lines))
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
