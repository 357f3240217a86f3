"""Open-data exports: flat tables keyed by NUTS code and slug, as CSV or JSON.

Each export is one table, filtered with the FilterSet of the matching list
and limited to what the caller may see, exactly like that list. The whole
table comes in one answer, streamed as its rows are read a batch at a time
(`core.batches`), so its size costs the server no memory; `X-Total-Count`
gives the number of rows. Downloads are throttled (`DownloadThrottle`) and,
as visitors without credentials get them, cached until the next write.

The app that owns a table's rows registers its export in `AppConfig.ready()`
(`register`), and the top serves every registered one (`portal.exports`).
An export's `export_name` names all of it: the URL `exports/<export_name>/`,
the URL name `export-<export_name>` and the file `<export_name>.csv`.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Protocol, TypeVar, cast

from django.db.models import Model, QuerySet
from django.http import StreamingHttpResponse
from django.http.response import HttpResponseBase
from django_filters import FilterSet
from django_filters.utils import translate_validation
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_serializer,
    inline_serializer,
)
from rest_framework import filters, generics, renderers, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.utils import encoders
from rest_framework.views import APIView

from core.api.throttling import DownloadThrottle
from core.batches import InBatches
from core.cache import cache_key, cacheable, store_response, stored_response
from core.csv_export import csv_lines
from core.demo_switch import DEMO_API_PARAMETER, includes_demo
from core.downloads import download, in_chunks

M = TypeVar("M", bound=Model)
Row = TypeVar("Row")


class CSVRenderer(renderers.BaseRenderer):
    """Names the CSV format for content negotiation (`?format=csv`, `Accept: text/csv`).

    Exports stream their rows themselves (`ExportView.list`); errors are JSON.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        raise TypeError("An export streams its CSV rows; it is never rendered whole.")


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
        always_null = "Always null: the table comes whole."
        table = inline_serializer(
            f"{serializer.__name__.removesuffix('Serializer')}Table",
            {
                "count": serializers.IntegerField(help_text="The number of rows."),
                "next": serializers.CharField(allow_null=True, help_text=always_null),
                "previous": serializers.CharField(allow_null=True, help_text=always_null),
                "results": serializer(many=True),
            },
        )
        # One object holding the rows, not a list of them, though the view lists.
        extend_schema_serializer(many=False)(type(table))
        return extend_schema(
            summary=summary,
            parameters=[FORMAT_PARAMETER, *demo],
            responses={
                (200, "application/json"): table,
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
    pagination_class = None

    def get_throttles(self) -> list[BaseThrottle]:
        return [*super().get_throttles(), DownloadThrottle()]

    # A streamed answer, not a Response: DRF passes any HttpResponseBase through.
    def list(  # type: ignore[override]
        self, request: Request, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        visitor = cacheable(request) and not request.user.is_authenticated
        fmt = request.accepted_renderer.format
        key = cache_key(f"export:{self.export_name}:{fmt}", request)
        stored = stored_response(key) if visitor else None
        if stored is not None:
            return stored
        rows = InBatches(self.filter_queryset(self.get_queryset()))
        serializer = cast(serializers.Serializer, self.get_serializer())
        data = (serializer.to_representation(row) for row in rows)
        if fmt == "csv":
            header = list(serializer.fields)
            lines = csv_lines(header, ([row[name] for name in header] for row in data))
            response = download(f"{self.export_name}.csv", "text/csv", in_chunks(lines))
        else:
            table = in_chunks(json_table(len(rows), data))
            response = StreamingHttpResponse(table, content_type="application/json")
        response["X-Total-Count"] = str(len(rows))
        if visitor:
            store_response(key, response)
        return response

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


def json_table(count: int, rows: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """`{"count": …, "next": null, "previous": null, "results": [rows]}`, a row at a time.

    Written as DRF's JSON renderer writes (compact, UTF-8); `next` and
    `previous` stay for the clients of the paged exports of earlier releases.
    """
    encoder = encoders.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    yield f'{{"count":{count},"next":null,"previous":null,"results":['
    for number, row in enumerate(rows):
        yield ("," if number else "") + encoder.encode(row)
    yield "]}"


_exports: dict[str, type[ExportView]] = {}


def register(view: type[ExportView]) -> None:
    """Serve `view` among the exports, under its `export_name`."""
    _exports[view.export_name] = view


def registered() -> list[type[ExportView]]:
    """The registered exports, in the order the apps registered them (that of INSTALLED_APPS)."""
    return list(_exports.values())
