"""Open-data exports: flat tables keyed by NUTS code and slug, as CSV or JSON.

Each export is one table, filtered with the FilterSet of the matching list
and limited to what the caller may see, exactly like that list. Pages hold
up to EXPORT_PAGE_SIZE rows, so no request loads an unbounded table into
memory; the `Link` header (rel="next") and `X-Total-Count` say how to get
the rest, in CSV as in JSON.

The app that owns a table's rows registers its export in `AppConfig.ready()`
(`register`), and the top serves every registered one (`portal.exports`).
An export's `export_name` names all of it: the URL `exports/<export_name>/`,
the URL name `export-<export_name>` and the file `<export_name>.csv`.
"""

import io
from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar, cast

from django.db.models import Model, QuerySet
from django_filters import FilterSet
from django_filters.utils import translate_validation
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import filters, generics, pagination, renderers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.csv_export import write_csv
from core.demo_switch import DEMO_API_PARAMETER, includes_demo

EXPORT_PAGE_SIZE = 1000

M = TypeVar("M", bound=Model)
Row = TypeVar("Row")


class CSVRenderer(renderers.BaseRenderer):
    """One header row of the serializer's field names, then one row per result."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Mapping[str, Any],
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if renderer_context is None:
            raise TypeError("A CSV export is rendered with its view's renderer context.")
        header = list(renderer_context["view"].get_serializer().fields)
        out = io.StringIO()
        write_csv(out, header, ([row[name] for name in header] for row in data["results"]))
        return out.getvalue().encode(self.charset)


class ExportPagination(pagination.PageNumberPagination):
    page_size = EXPORT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = EXPORT_PAGE_SIZE

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        # The body's `count`: that of the page's paginator.
        response["X-Total-Count"] = str(response.data["count"])
        links = [
            f'<{url}>; rel="{rel}"'
            for rel, url in (("next", self.get_next_link()), ("prev", self.get_previous_link()))
            if url
        ]
        if links:
            response["Link"] = ", ".join(links)
        return response


class RelatedFilterView(Protocol):
    """What a view filtered by `RelatedFilterBackend` declares."""

    related_filterset_class: type[FilterSet]
    related_path: str

    def related_queryset(self) -> QuerySet[Model]: ...


class RelatedFilterBackend(filters.BaseFilterBackend):
    """Filters rows by the FilterSet of a related list: memberships by the areas' filters, say.

    The view names the FilterSet (`related_filterset_class`), the related objects the
    caller may see (`related_queryset()`) and the path from a row to one of them
    (`related_path`).
    """

    def filter_queryset(
        self, request: Request, queryset: QuerySet[M, Row], view: APIView
    ) -> QuerySet[M, Row]:
        # DRF passes any view: those that list this backend declare what it reads.
        related_view = cast(RelatedFilterView, view)
        related = related_view.related_filterset_class(
            request.query_params, queryset=related_view.related_queryset(), request=request
        )
        if not related.is_valid():
            raise translate_validation(related.errors)
        return queryset.filter(**{f"{related_view.related_path}__in": related.qs.values("pk")})


class RelatedFilterExtension(DjangoFilterExtension):
    """Documents the related FilterSet's filters, typed from its own model."""

    # drf-spectacular declares `target_class` as a class or its dotted path, but
    # DjangoFilterExtension's string narrows it to `str` for mypy.
    target_class = RelatedFilterBackend  # type: ignore[assignment]

    def get_schema_operation_parameters(
        self, auto_schema: AutoSchema, *args: Any, **kwargs: Any
    ) -> list[dict[str, Any]]:
        filterset_class = cast(RelatedFilterView, auto_schema.view).related_filterset_class
        model = filterset_class._meta.model
        return [
            parameter
            for name, field in filterset_class.base_filters.items()
            for parameter in self.resolve_filter_field(
                auto_schema, model, filterset_class, name, field
            )
        ]


FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv"],
    description="`csv` for a CSV file (or send `Accept: text/csv`); JSON otherwise.",
)


def export_schema(summary: str, serializer: type) -> Callable[[type], type]:
    """The OpenAPI description of an export: `serializer`'s rows as JSON, or CSV text."""

    def describe(view: type["ExportView"]) -> type["ExportView"]:
        demo = [DEMO_API_PARAMETER] if view.demo_flag else []
        return extend_schema(
            summary=summary,
            parameters=[FORMAT_PARAMETER, *demo],
            responses={
                (200, "application/json"): serializer(many=True),
                (200, "text/csv"): OpenApiTypes.STR,
            },
        )(view)

    return describe


class ExportView(generics.ListAPIView):
    """The base of an export: set `export_name`, the serializer, filters and queryset."""

    export_name: str
    # The lookup of the flag that marks a row as demo data (fictitious): such
    # rows are left out unless the caller asks for them (`?demo=include`).
    demo_flag: str | None = None
    renderer_classes = [renderers.JSONRenderer, CSVRenderer]
    pagination_class = ExportPagination

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_queryset(queryset)
        if self.demo_flag and not includes_demo(self.request):
            queryset = queryset.filter(**{self.demo_flag: False})
        return queryset

    def answer_in_json(self) -> None:
        self.request.accepted_renderer = renderers.JSONRenderer()
        self.request.accepted_media_type = renderers.JSONRenderer.media_type

    def handle_exception(self, exc: Exception) -> Response:
        # Errors are JSON whatever format was asked for: a CSV table has no place for them.
        self.answer_in_json()
        return super().handle_exception(exc)

    # DRF hands its views a Request, which Django's View.options does not take; the stubs
    # ignore this override on APIView.options too.
    def options(  # type: ignore[override]
        self, request: Request, *args: Any, **kwargs: Any
    ) -> Response:
        # The description of the endpoint is no table either.
        self.answer_in_json()
        return super().options(request, *args, **kwargs)

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.accepted_renderer.format == "csv" and response.status_code == 200:
            name = self.export_name
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response


_exports: dict[str, type[ExportView]] = {}


def register(view: type[ExportView]) -> None:
    """Serve `view` among the exports, under its `export_name`."""
    _exports[view.export_name] = view


def registered() -> list[type[ExportView]]:
    """The registered exports, in the order the apps registered them (that of INSTALLED_APPS)."""
    return list(_exports.values())
