from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers, status


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "payload_too_large"


class BoundedJSONParser(parsers.JSONParser):
    """JSON bodies up to DATA_UPLOAD_MAX_MEMORY_SIZE; Django only enforces it on `request.body`."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if stream is not None and limit is not None:
            data = stream.read(limit + 1)
            if len(data) > limit:
                raise PayloadTooLarge()
            stream = _BytesStream(data)
        return super().parse(stream, media_type, parser_context)


class _BytesStream:
    def __init__(self, data):
        self.data = data

    def read(self, *args):
        return self.data
