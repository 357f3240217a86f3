"""Base views of the API."""

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any, ClassVar, cast

from django.db.models import Model
from django_filters import FilterSet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.searchable import SearchFieldsFilter

from .filtering import FILTERSET_ORDERED
from .serializers import CallerInputSerializer

# How a URL names a resource: by its slug (`core.slugs`), or by its id.
SLUG_PATTERN = r"[-a-zA-Z0-9_]+"
ID_PATTERN = r"[0-9]+"


class ComputedView(generics.GenericAPIView):
    """Figures computed for one resource: not a list of rows to filter or paginate."""

    filter_backends = []
    pagination_class = None


# For a list filtered by the FilterSet of its page (`filterset_class`): `?search=` looks in
# the fields of the FilterSet's `q`, and where the FilterSet sorts, it alone does. Not a
# docstring: the schema would give it as the description of the views that have none.
class PageFilterSetMixin(generics.GenericAPIView):
    filterset_class: type[FilterSet]
    search_fields: tuple[str, ...]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        filters = cls.filterset_class.base_filters
        cls.search_fields = cast(SearchFieldsFilter, filters["q"]).search_fields.fields
        if "ordering" in filters:
            cls.filter_backends = FILTERSET_ORDERED


class BySlugMixin:
    """For a viewset whose resources are found by their slug, as their pages are."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN


class FreshDataMixin(generics.GenericAPIView):
    """For a viewset whose services write its rows: `fresh_data(obj)` answers with the row
    as the viewset reads it (`get_queryset`: its annotations and related rows), not as the
    service left it in memory."""

    def fresh_data(self, obj: Model) -> Any:
        return self.get_serializer(self.get_queryset().get(pk=obj.pk)).data


def transition(
    summary: str, body: type[serializers.Serializer] | None = None, **action_options: Any
) -> Callable[[Callable[..., Model]], Callable[..., Response]]:
    """An action of a `FreshDataMixin` viewset that changes one resource: a POST whose body,
    if any, `body` validates. The decorated `change(self, obj, **fields of the body)` calls
    the service and returns the resource, which the answer gives as the viewset reads it.
    The resource is looked up before the body is read: a hidden one is a 404 whatever the body.
    """

    def decorate(change: Callable[..., Model]) -> Callable[..., Response]:
        @extend_schema(summary=summary, request=body)
        @action(detail=True, methods=["post"], **action_options)
        @wraps(change)
        def act(self: FreshDataMixin, request: Request, *args: Any, **kwargs: Any) -> Response:
            obj = self.get_object()
            fields = valid_input(body, request) if body else {}
            return Response(self.fresh_data(change(self, obj, **fields)))

        return act

    return decorate


class CreatedByServiceMixin(mixins.CreateModelMixin, FreshDataMixin):
    """For a viewset whose POST creates a resource through a service: `create_serializer_class`
    validates the body, `create_service(user=caller, **body)` writes the resource, and the
    answer gives it as the viewset reads it."""

    create_serializer_class: ClassVar[type[serializers.Serializer]]
    # A plain function, not a method: it is read from the class (`type(self)`), so that
    # Python does not bind it to the viewset, and called with keywords.
    create_service: ClassVar[Callable[..., Model]]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = valid_input(self.create_serializer_class, request)
        return created(self.fresh_data(type(self).create_service(user=request.user, **fields)))


class WritableBySlugViewSet(
    BySlugMixin,
    CreatedByServiceMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Resources found by slug that the services create (POST) and change (PATCH); none is
    replaced whole (PUT) or deleted through the API. A PATCH body, any subset of the fields
    of `update_serializer_class`, goes to `change(obj, **fields)`, which calls the service."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    update_serializer_class: ClassVar[type[serializers.Serializer]]

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        fields = valid_input(self.update_serializer_class, request, partial=True)
        return Response(self.fresh_data(self.change(obj, **fields)))

    def change(self, obj: Any, **fields: Any) -> Model:
        raise NotImplementedError


class CallerRecordsViewSet(FreshDataMixin, viewsets.ReadOnlyModelViewSet):
    """Records of the signed-in caller (requests, registrations, conversations,
    notifications…), found by their id; subclasses narrow `get_queryset` to the caller's."""

    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = ID_PATTERN


def valid_input(
    serializer_class: type[serializers.Serializer], request: Request, **kwargs: Any
) -> dict[str, Any]:
    """The body of `request` validated by `serializer_class` (built with `kwargs`, and with
    the caller if it is a `CallerInputSerializer`); an invalid body raises the serializer's
    ValidationError, which the API answers with 400."""
    if issubclass(serializer_class, CallerInputSerializer):
        kwargs.setdefault("user", request.user)
    data = serializer_class(data=request.data, **kwargs)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def created(data: Mapping[str, Any]) -> Response:
    """The answer to a POST that created a resource: 201, its representation and its URL."""
    return Response(data, status=status.HTTP_201_CREATED, headers={"Location": data["url"]})
