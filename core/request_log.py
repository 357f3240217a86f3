"""Request ids and log records without personal data.

`RequestIdMiddleware` takes the caller's `X-Request-ID` when it is short and
made of safe characters (a proxy's id ties our log lines to its own), or
makes one; it is echoed on the response and stored in a context variable, so
`RequestContextFilter` stamps it on every log record written while the
request runs, whoever the logger is. The same filter removes e-mail
addresses, API tokens, one-time keys in URLs and query strings from the
message: logs are kept longer and read by more people than the database.

`LOG_FORMAT=json` selects `JsonFormatter`, one JSON object per line.
"""

import contextvars
import json
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.log import log_response

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")

request_id_var = contextvars.ContextVar("request_id", default="-")

logger = logging.getLogger("s3p_portal.requests")

# Each pattern and what it leaves in place of the match.
_REDACTIONS = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (re.compile(r"(?i)\b(token|bearer)\s+[\w.~+/=-]+"), r"\1 [redacted]"),
    # allauth's e-mail confirmation and password reset links carry the secret in the path.
    (re.compile(r"(/confirm-email/|/password/reset/key/)[^/\s\"']+"), r"\1[redacted]"),
    (re.compile(r"\?[^\s\"']*="), "?[redacted]="),
    (re.compile(r"(\?\[redacted\]=)[^\s\"']*"), r"\1"),
)


def redact(text: str) -> str:
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class RequestContextFilter(logging.Filter):
    """Add `request_id` to the record and strip personal data from its message."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class IdentifiedRequest(HttpRequest):
    """A request as `RequestIdMiddleware` hands it on: with its id."""

    request_id: str


def _request_id_from(request: HttpRequest) -> str:
    candidate = request.headers.get(REQUEST_ID_HEADER, "")
    if _SAFE_REQUEST_ID.fullmatch(candidate):
        return candidate
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Give each request an id, log one line per request, echo the id on the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: IdentifiedRequest) -> HttpResponseBase:
        request.request_id = _request_id_from(request)
        token = request_id_var.set(request.request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request.request_id
            if response.status_code >= 400:
                # Django logs 4xx/5xx after the middleware returns, when the id is
                # gone; logged here, with Django's wording, the record keeps it
                # and Django's own call is skipped.
                # django-stubs want an HttpResponse, but Django logs any response
                # (it reads the status and marks it logged): a streamed one too.
                log_response(
                    "%s: %s",
                    response.reason_phrase,
                    request.path,
                    response=response,  # type: ignore[arg-type]
                    request=request,
                )
            # The path only: query strings may carry search terms or keys.
            logger.info(
                "%s %s %s %.1fms",
                request.method,
                request.path,
                response.status_code,
                (time.monotonic() - started) * 1000,
            )
            return response
        finally:
            request_id_var.reset(token)
