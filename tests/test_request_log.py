import io
import json
import logging

import pytest

from core.request_log import JsonFormatter, RequestContextFilter, redact
from tests.accounts.factories import UserFactory
from tests.test_settings import run_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def console_log():
    """What the configured console handler writes, through its own filter and formatter."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.fixture
def json_console_log(console_log):
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    previous = handler.formatter
    handler.setFormatter(JsonFormatter())
    yield console_log
    handler.setFormatter(previous)


def test_a_request_gets_an_id_on_the_response_and_in_its_log_line(client, console_log):
    response = client.get("/healthz")

    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    assert f"[{request_id}] GET /healthz 200" in console_log.getvalue()


def test_a_sane_incoming_request_id_is_kept(client):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-4f2a.9:1"})

    assert response["X-Request-ID"] == "lb-4f2a.9:1"


@pytest.mark.parametrize(
    "hostile",
    ["a" * 65, "id with spaces", "id\r\nSet-Cookie: x=1", "<script>", "id;rm", "ïd"],
)
def test_an_unsafe_incoming_request_id_is_replaced(client, hostile):
    response = client.get("/healthz", headers={"X-Request-ID": hostile})

    assert response["X-Request-ID"] != hostile
    assert len(response["X-Request-ID"]) == 32


def test_json_lines_carry_the_request_id_of_every_record_of_the_request(client, json_console_log):
    client.get("/no-such-page/", headers={"X-Request-ID": "trace-1"})

    entries = [json.loads(line) for line in json_console_log.getvalue().splitlines()]
    # Django's own "Not Found" warning and our request line, both stamped.
    assert {entry["logger"] for entry in entries} >= {"django.request", "s3p_portal.requests"}
    assert {entry["request_id"] for entry in entries} == {"trace-1"}
    assert all(entry["level"] in ("INFO", "WARNING") for entry in entries)


def test_a_login_attempt_leaves_no_e_mail_address_in_the_logs(client, console_log):
    user = UserFactory(email="jane.doe@region.example.eu")

    client.post(
        "/accounts/login/?next=/dashboard/%3Ftoken%3Dabc",
        {"login": user.email, "password": "wrong-password"},
    )
    client.post("/accounts/login/", {"login": "nobody@elsewhere.example.eu", "password": "x"})

    written = console_log.getvalue()
    assert "POST /accounts/login/" in written
    assert "jane.doe" not in written
    assert "nobody@elsewhere" not in written
    assert "token%3Dabc" not in written


def test_personal_data_written_by_any_logger_is_removed(console_log):
    logging.getLogger("thematic_areas").warning(
        "Mail to %s failed; link /accounts/confirm-email/MjQ:1tX:abc/ header Token s3p_1234 "
        "url /api/v1/areas/?search=secret&key=k",
        "jane.doe@region.example.eu",
    )

    written = console_log.getvalue()
    for secret in ("jane.doe", "MjQ:1tX:abc", "s3p_1234", "search=secret", "key=k"):
        assert secret not in written
    assert "[email]" in written


def test_the_filter_leaves_ordinary_messages_alone():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "Sent %d digests?", (3,), None)

    RequestContextFilter().filter(record)

    assert record.getMessage() == "Sent 3 digests?"
    assert record.request_id == "-"


def test_redact_keeps_the_path_of_a_url_with_a_query():
    assert redact("GET /areas/?q=jane") == "GET /areas/?[redacted]="


def test_an_unknown_log_format_is_refused():
    result = run_check(LOG_FORMAT="xml")

    assert result.returncode != 0
    assert "LOG_FORMAT must be plain or json" in result.stderr
