from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    Direction,
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers

from .serializers import ErrorSerializer

V = TypeVar("V", bound=type)

ERROR_EXAMPLES = {
    400: ("Invalid input", {"statement": ["Say what your region commits to."]}),
    401: ("Not authenticated", {"detail": "Authentication credentials were not provided."}),
    403: ("Forbidden", {"detail": "You do not have permission to perform this action."}),
    404: ("Not found", {"detail": "No object matches the given query."}),
    413: ("Body too large", {"detail": "The request body is too large."}),
    429: ("Throttled", {"detail": "Request was throttled. Expected available in 42 seconds."}),
}

ERROR_DESCRIPTIONS = {
    400: _("Invalid input: a JSON object of field names to lists of messages."),
    401: _("No valid token or session; the request may be repeated with credentials."),
    403: _("The caller may not do this."),
    404: _("No such object or page, or not visible to the caller."),
    413: _("The request body is larger than the server accepts."),
    429: _("Too many requests; the Retry-After header gives the seconds to wait."),
}


def error_response(code: int) -> OpenApiResponse:
    summary, value = ERROR_EXAMPLES[code]
    body = OpenApiTypes.OBJECT if code == 400 else ErrorSerializer
    return OpenApiResponse(
        response=body,
        description=str(ERROR_DESCRIPTIONS[code]),
        examples=[OpenApiExample(summary, value=value, response_only=True, status_codes=[code])],
    )


class PortalAutoSchema(AutoSchema):
    """Every operation documents its error responses and gets a summary by default."""

    # Hooked below `get_response_serializers`, which @extend_schema(responses=…)
    # replaces: the error responses are added to explicit responses too.
    def _get_response_bodies(self, direction: Direction = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            responses.setdefault(
                str(code),
                # Errors are JSON whatever the operation's formats (exports offer CSV too).
                self._get_response_for_code(
                    error_response(code), str(code), ["application/json"], direction
                ),
            )
        return responses

    def _error_codes(self) -> list[int]:
        # Lists answer 404 too, for a page past the last one.
        codes = [400, 401, 403, 404, 429]
        if self.method in ("POST", "PUT", "PATCH"):
            codes.append(413)
        return codes

    def get_summary(self) -> str | None:
        summary = super().get_summary()
        if summary:
            return summary
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        action = getattr(self.view, "action", None)
        if model is None or action is None:
            return None
        meta = model._meta
        return {
            "list": _("List %(things)s") % {"things": meta.verbose_name_plural},
            "retrieve": _("Get one %(thing)s") % {"thing": meta.verbose_name},
            "create": _("Create a %(thing)s") % {"thing": meta.verbose_name},
            "partial_update": _("Update a %(thing)s") % {"thing": meta.verbose_name},
            "update": _("Replace a %(thing)s") % {"thing": meta.verbose_name},
        }.get(action)


@dataclass(frozen=True)
class Write:
    """An operation that reads a body (`request`); it answers with the viewset's own
    serializer, with 201 for a create, as drf-spectacular infers."""

    summary: str
    request: type[serializers.Serializer]
    description: str | None = None


def described(**operations: str | Write) -> Callable[[V], V]:
    """The `extend_schema_view` of a viewset: each operation by its summary, or by its `Write`."""
    return extend_schema_view(
        **{
            name: extend_schema(summary=operation)
            if isinstance(operation, str)
            else extend_schema(
                summary=operation.summary,
                description=operation.description,
                request=operation.request,
            )
            for name, operation in operations.items()
        }
    )
