import io
import signal

import pytest

from s3p_portal.api.parsers import BoundedJSONParser, PayloadTooLarge


@pytest.fixture
def deadline():
    """Fail, rather than hang, if parsing never ends."""

    def expire(*_):
        raise TimeoutError("the parser did not return")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(5)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_body_read_from_a_real_socket_stream_is_parsed_once(deadline):
    # gunicorn hands Django a file-like body that returns b"" at its end; the
    # decoder keeps reading until then.
    parsed = BoundedJSONParser().parse(io.BytesIO(b'{"area": "x", "statement": "\\u00e9"}'))

    assert parsed == {"area": "x", "statement": "é"}


def test_a_body_over_the_limit_is_refused(settings, deadline):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10

    with pytest.raises(PayloadTooLarge):
        BoundedJSONParser().parse(io.BytesIO(b'{"statement": "far too long"}'))
