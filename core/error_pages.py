"""Server errors: JSON under /api/ (which answers its own 404s), a page elsewhere, and 503
while the database is down.

Django calls `server_error` while it handles the exception, so the
exception is at hand: a database that cannot be reached (a restart, a
failover) is a temporary state the client can retry, not a server error.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

# Seconds a client should wait before retrying while the database is down.
RETRY_AFTER_SECONDS = 30


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def server_error(request: HttpRequest) -> HttpResponse:
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return _database_unavailable(request)
    if is_api(request):
        return JsonResponse({"detail": _("A server error occurred.")}, status=500)
    return defaults.server_error(request)


def _database_unavailable(request: HttpRequest) -> HttpResponse:
    response: HttpResponse
    if is_api(request):
        detail = _("The service cannot reach its database. Try again shortly.")
        response = JsonResponse({"detail": detail}, status=503)
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
