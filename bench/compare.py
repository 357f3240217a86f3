"""Before and after: the visitors' endpoints of two checkouts, measured in turns.

`make bench` measures one checkout; two of its runs, minutes apart, differ
by as much as the machine drifts (the floor alone moves by 5 %). This serves
both checkouts at once, each with its own gunicorn, database and cache, and
measures every endpoint on one and then the other, round after round,
alternating which goes first; each figure is the median over the rounds.

    cd bench && ../.venv/bin/python compare.py --before /path/to/old/checkout

The earlier checkout needs its virtualenv (`make install`), its collected
static files and its own databases built from the same seed, named
`<before-prefix>_<scale>` (its own `make bench` builds `s3p_bench_<scale>`:
rename them). The endpoints are the visitors' rows of `make bench`, with the
paths this checkout's `probe.py` picks: the same seed gives both the same
objects. Prints a Markdown table.
"""

import argparse
import json
import statistics
import subprocess
from contextlib import ExitStack
from pathlib import Path

import redis
from loadgen import load
from run import PYTHON, ROOT, server_env, wait_until_up

SERVER = "postgres://s3p@127.0.0.1:5432"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="The earlier checkout.")
    parser.add_argument("--before-prefix", default="s3p_oldbench")
    parser.add_argument("--after-prefix", default="s3p_bench")
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--warmup", type=float, default=1)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--only", default="", help="Endpoints whose name holds this text.")
    return parser.parse_args()


def visitor_paths(database_url, only):
    probe = subprocess.run(
        [PYTHON, "bench/probe.py"],
        cwd=ROOT,
        env=server_env(database_url),
        check=True,
        capture_output=True,
        text=True,
    )
    endpoints = json.loads(probe.stdout)["endpoints"]
    return [(e["name"], e["path"]) for e in endpoints if "visitor" in e and only in e["name"]]


def serve(stack, root, database_url, cache_url, port):
    redis.Redis.from_url(cache_url).flushdb()
    server = subprocess.Popen(
        [
            str(root / ".venv" / "bin" / "gunicorn"),
            "s3p_portal.wsgi",
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=root,
        env=server_env(database_url, cache_url),
    )
    stack.callback(server.wait, timeout=30)
    stack.callback(server.terminate)
    wait_until_up(port)


def measure(port, path, args):
    load("127.0.0.1", port, path, seconds=args.warmup, connections=2)
    result = load("127.0.0.1", port, path, seconds=args.seconds, connections=args.connections)
    return {
        "p50": result.percentile(0.50) * 1000,
        "p95": result.percentile(0.95) * 1000,
        "rps": result.per_second,
        "errors": result.errors,
    }


def compare_scale(args, scale):
    sides = {
        "before": (args.before.resolve(), f"{SERVER}/{args.before_prefix}_{scale}", 8771),
        "after": (ROOT, f"{SERVER}/{args.after_prefix}_{scale}", 8772),
    }
    paths = visitor_paths(sides["after"][1], args.only)
    runs = {(name, side): [] for name, _path in paths for side in sides}
    with ExitStack() as stack:
        for number, (root, database_url, port) in enumerate(sides.values()):
            serve(stack, root, database_url, f"redis://127.0.0.1:6379/{12 + number}", port)
        for round_number in range(args.rounds):
            order = list(sides) if round_number % 2 == 0 else list(reversed(sides))
            for name, path in paths:
                for side in order:
                    runs[name, side].append(measure(sides[side][2], path, args))
    return paths, runs


def median(samples, key):
    return statistics.median(sample[key] for sample in samples)


def main():
    args = parse_args()
    print(
        f"Visitors, public cache warm; {args.connections} clients, 2 gunicorn workers each; "
        f"median of {args.rounds} rounds of {args.seconds:g} s, alternating which side goes first."
    )
    print()
    columns = ("p50 ms", "p95 ms", "req/s")
    print("| scale | endpoint | " + " | ".join(f"{c} before → after" for c in columns) + " |")
    print("|---|---|---|---|---|")
    for scale in [int(s) for s in args.scales.split(",")]:
        paths, runs = compare_scale(args, scale)
        for name, _path in paths:
            before, after = runs[name, "before"], runs[name, "after"]
            if any(s["errors"] for s in before + after):
                name += " (errors)"
            cells = [
                f"{median(before, key):.{digits}f} → {median(after, key):.{digits}f}"
                for key, digits in (("p50", 1), ("p95", 1), ("rps", 0))
            ]
            print(f"| {scale} | {name} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
