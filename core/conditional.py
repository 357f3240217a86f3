"""Conditional requests for HEAD as for GET."""

from copy import copy

from django.http import HttpRequest, HttpResponseBase
from django.middleware.http import ConditionalGetMiddleware as DjangoConditionalGetMiddleware


class ConditionalGetMiddleware(DjangoConditionalGetMiddleware):
    """Django's ETag and 304 Not Modified, for HEAD requests too.

    Django leaves HEAD alone because a server sends its answer without a
    body. Here the view has rendered the body a GET gets, so a HEAD answer
    carries the ETag a GET would, and a client may check a page for changes
    without fetching it.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if request.method != "HEAD":
            return super().process_response(request, response)
        as_get = copy(request)
        as_get.method = "GET"
        return super().process_response(as_get, response)
