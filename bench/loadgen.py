"""A small closed-loop HTTP/1.1 load generator on asyncio (no dependencies).

Each of `connections` clients sends a GET, waits for the whole response,
and sends the next, for `seconds`; a request's latency is from writing it
to reading the last byte of its body. It reconnects when the server closes
the connection (gunicorn's sync workers close after every response).
"""

import asyncio
import statistics
import time
from dataclasses import dataclass


@dataclass
class Result:
    requests: int
    errors: int
    seconds: float
    latencies: list

    @property
    def per_second(self):
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, fraction):
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[
            round(fraction * 100) - 1
        ]


async def _read_response(reader):
    """Read one response; return (status, keep_alive)."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed before the response")
    status = int(status_line.split()[1])
    length, chunked, keep_alive = 0, False, True
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value:
            chunked = True
        elif name == "connection" and value == "close":
            keep_alive = False
    if chunked:
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status, keep_alive


async def _client(host, port, next_request, deadline, latencies, counters):
    reader = writer = None
    while time.perf_counter() < deadline:
        request = next_request()
        if request is None:
            break
        if writer is None:
            reader, writer = await asyncio.open_connection(host, port)
        started = time.perf_counter()
        try:
            writer.write(request)
            await writer.drain()
            status, keep_alive = await _read_response(reader)
        except (ConnectionError, asyncio.IncompleteReadError):
            counters["errors"] += 1
            writer.close()
            writer = None
            continue
        latencies.append(time.perf_counter() - started)
        counters["requests"] += 1
        if status >= 400:
            counters["errors"] += 1
        if not keep_alive:
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


async def _run(host, port, next_request, seconds, connections):
    latencies, counters = [], {"requests": 0, "errors": 0}
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(
        *(
            _client(host, port, next_request, deadline, latencies, counters)
            for _ in range(connections)
        )
    )
    elapsed = time.perf_counter() - started
    return Result(counters["requests"], counters["errors"], elapsed, latencies)


def request_bytes(host, port, path, *, headers=(), method="GET", body=b""):
    """One HTTP/1.1 request; a body is sent as a form."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", *headers]
    if body:
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def load(host, port, path, *, seconds, connections, headers=()):
    """Run the closed loop against one path and return its Result."""
    request = request_bytes(host, port, path, headers=headers)
    return asyncio.run(_run(host, port, lambda: request, seconds, connections))


def load_each(host, port, requests, *, seconds, connections):
    """Send each of `requests` (bytes) once, as many as `seconds` allows, and return the Result.

    For requests that change something and may not be repeated, such as a
    region asking to join one area after another.
    """
    pending = iter(requests)
    return asyncio.run(_run(host, port, lambda: next(pending, None), seconds, connections))
