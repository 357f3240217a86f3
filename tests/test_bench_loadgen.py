import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from loadgen import load


@pytest.fixture
def server(live_server):
    address = urlsplit(live_server.url)
    return address.hostname, address.port


def test_it_counts_requests_and_latencies_against_a_real_server(server):
    result = load(*server, "/healthz", seconds=0.5, connections=2)

    assert result.requests > 0
    assert result.errors == 0
    assert len(result.latencies) == result.requests
    assert 0 < result.percentile(0.50) <= result.percentile(0.95)
    assert result.per_second == pytest.approx(result.requests / result.seconds)


def test_it_counts_error_responses(server, db):
    result = load(*server, "/no-such-page/", seconds=0.3, connections=1)

    assert result.requests > 0
    assert result.errors == result.requests
