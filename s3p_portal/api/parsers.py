import io

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
            # A real file object: the JSON parser's decoder reads until it gets
            # b"", so a stream that returns the data on every read never ends.
            stream = io.BytesIO(data)
        return super().parse(stream, media_type, parser_context)
