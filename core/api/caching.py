"""API lists and details served to callers without credentials from the public cache."""

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from rest_framework.request import Request
from rest_framework.response import Response

from core.cache import cache_key, cacheable

if TYPE_CHECKING:
    from rest_framework.mixins import ListModelMixin, RetrieveModelMixin

    # What the mixin is mixed into: a viewset that lists and shows one resource,
    # whose `list` and `retrieve` it wraps.
    class _ReadView(ListModelMixin, RetrieveModelMixin): ...

else:
    _ReadView = object


def plain(value: object) -> object:
    """`value` with only dicts, lists and plain scalars.

    DRF's hyperlinks are strings that keep the model instance they point to
    (and its prefetched rows): pickled as they are, a page of 100 areas
    weighed a megabyte and took most of a second to load back.
    """
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, str):
        return str(value)
    return value


class VisitorCachedMixin(_ReadView):
    """For API viewsets: a list page or one resource as a visitor without credentials sees
    it, cached.

    Authentication, throttling and content negotiation still run on every
    request; only the queries, the serialisation and the rendering as JSON
    are saved. Callers with a token see what their role allows and are never
    cached.
    """

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._stored(super().list, request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._stored(super().retrieve, request, *args, **kwargs)

    def _stored(
        self, read: Callable[..., Response], request: Request, *args: Any, **kwargs: Any
    ) -> Response:
        if not (cacheable(request) and not request.user.is_authenticated):
            return read(request, *args, **kwargs)
        key = cache_key(f"api:{type(self).__name__}", request)
        stored = cache.get(key)
        if stored is None:
            response = read(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            stored = {"data": plain(response.data), "json": {}}
            cache.set(key, stored, settings.PUBLIC_CACHE_SECONDS)
        return StoredResponse(key, stored)


class StoredResponse(Response):
    """A stored answer, with its JSON as rendered for the first caller who asked for it.

    Rendering a hundred rows as JSON was most of what a cached list cost. The
    JSON is kept beside the data, under the same key (so of the same content
    version), once per media type asked for (`indent` changes it); other
    formats, such as the browsable API, which shows the request, render as usual.
    """

    def __init__(self, key: str, stored: dict[str, Any]) -> None:
        super().__init__(stored["data"])
        self.key = key
        self.stored = stored

    @property
    def rendered_content(self) -> Any:  # bytes, typed as DRF types it
        if self.accepted_renderer.format != "json":
            return super().rendered_content
        # Pages stored by earlier releases have no renderings.
        renderings = self.stored.setdefault("json", {})
        rendered = renderings.get(self.accepted_media_type)
        if rendered is None:
            content = super().rendered_content
            rendered = (self["Content-Type"], content)
            renderings[self.accepted_media_type] = rendered
            cache.set(self.key, self.stored, settings.PUBLIC_CACHE_SECONDS)
        self["Content-Type"], content = rendered
        return content
