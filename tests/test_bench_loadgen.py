import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from loadgen import load


class Handler(BaseHTTPRequestHandler):
    """200 on /ok, 404 elsewhere; closes the connection like gunicorn's sync workers."""

    def do_GET(self):
        body = b"ok\n" if self.path == "/ok" else b"missing\n"
        self.send_response(200 if self.path == "/ok" else 404)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address
    httpd.shutdown()


def test_it_counts_requests_and_latencies_against_a_real_server(server):
    result = load(*server, "/ok", seconds=0.5, connections=2)

    assert result.requests > 0
    assert result.errors == 0
    assert len(result.latencies) == result.requests
    assert 0 < result.percentile(0.50) <= result.percentile(0.95)
    assert result.per_second == pytest.approx(result.requests / result.seconds)


def test_it_counts_error_responses(server):
    result = load(*server, "/no-such-page/", seconds=0.3, connections=1)

    assert result.requests > 0
    assert result.errors == result.requests
