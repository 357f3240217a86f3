from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.workflow import DUPLICATE


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"

    def __init__(self) -> None:
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        super().__init__(_("The request body is too large: at most %(limit)s.") % {"limit": limit})


class Conflict(exceptions.ValidationError):
    """What was asked for exists already (a pending request, a member): 409, with the
    messages of a 400."""

    status_code = status.HTTP_409_CONFLICT


def _is_duplicate(error: DjangoValidationError) -> bool:
    errors = (
        [e for field_errors in error.error_dict.values() for e in field_errors]
        if hasattr(error, "error_dict")
        else error.error_list
    )
    return any(e.code == DUPLICATE for e in errors)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn the services' Django exceptions into the API's JSON errors.

    ValidationError → 400 with field messages (409 when it refuses a duplicate,
    `core.workflow.duplicate`), PermissionDenied → 403, a row
    that vanished between lookup and service call → 404, a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE (Django checks it when DRF reads the body) → 413.
    """
    if isinstance(exc, DjangoValidationError):
        refusal = Conflict if _is_duplicate(exc) else exceptions.ValidationError
        exc = refusal(detail=serializers.as_serializer_error(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(detail=exc.args[0] if exc.args else None)
    elif isinstance(exc, ObjectDoesNotExist):
        exc = exceptions.NotFound()
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    return drf_exception_handler(exc, context)
