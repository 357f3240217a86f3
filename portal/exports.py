"""Open data exports: flat tables keyed by NUTS code and slug, as CSV or JSON.

Each export is one table (regions, area memberships, partnership memberships,
projects), filtered with the FilterSet of the matching list and limited to
what the caller may see, exactly like that list. Pages hold up to
EXPORT_PAGE_SIZE rows, so no request loads an unbounded table into memory;
the `Link` header (rel="next") and `X-Total-Count` say how to get the rest,
in CSV as in JSON.
"""

import csv
import io

from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import filters, generics, pagination, renderers, serializers

from core.csv_export import safe_cell
from partnerships.filters import PartnershipFilter
from partnerships.models import PartnershipMembership
from partnerships.permissions import visible_partnerships
from projects.filters import ProjectFilter
from projects.models import InvestmentProject
from projects.permissions import visible_projects
from regions.api.fields import RegionCodeField
from regions.filters import RegionFilter
from regions.models import Region
from regions.permissions import visible_clusters
from thematic_areas.filters import AreaFilter
from thematic_areas.models import AreaMembership
from thematic_areas.permissions import visible_areas

EXPORT_PAGE_SIZE = 1000


class CSVRenderer(renderers.BaseRenderer):
    """One header row of the serializer's field names, then one row per result.

    Cells go through `safe_cell`, so no cell is read as a spreadsheet formula.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        header = list(renderer_context["view"].get_serializer().fields)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        for row in data["results"]:
            writer.writerow([safe_cell(row[name]) for name in header])
        return out.getvalue().encode(self.charset)


class ExportPagination(pagination.PageNumberPagination):
    page_size = EXPORT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = EXPORT_PAGE_SIZE

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response["X-Total-Count"] = str(self.page.paginator.count)
        links = [
            f'<{url}>; rel="{rel}"'
            for rel, url in (("next", self.get_next_link()), ("prev", self.get_previous_link()))
            if url
        ]
        if links:
            response["Link"] = ", ".join(links)
        return response


class RelatedFilterBackend(filters.BaseFilterBackend):
    """Filters rows by the FilterSet of a related list: memberships by the areas' filters, say.

    The view names the FilterSet (`related_filterset_class`), the related objects the
    caller may see (`related_queryset()`) and the path from a row to one of them
    (`related_path`).
    """

    def filter_queryset(self, request, queryset, view):
        related = view.related_filterset_class(
            request.query_params, queryset=view.related_queryset(), request=request
        )
        if not related.is_valid():
            raise translate_validation(related.errors)
        return queryset.filter(**{f"{view.related_path}__in": related.qs.values("pk")})


class RelatedFilterExtension(DjangoFilterExtension):
    """Documents the related FilterSet's filters, typed from its own model."""

    target_class = RelatedFilterBackend

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        filterset_class = auto_schema.view.related_filterset_class
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


def export_schema(summary, serializer):
    return extend_schema(
        summary=summary,
        parameters=[FORMAT_PARAMETER],
        responses={
            (200, "application/json"): serializer(many=True),
            (200, "text/csv"): OpenApiTypes.STR,
        },
    )


class ExportView(generics.ListAPIView):
    renderer_classes = [renderers.JSONRenderer, CSVRenderer]
    pagination_class = ExportPagination

    def answer_in_json(self):
        self.request.accepted_renderer = renderers.JSONRenderer()
        self.request.accepted_media_type = renderers.JSONRenderer.media_type

    def handle_exception(self, exc):
        # Errors are JSON whatever format was asked for: a CSV table has no place for them.
        self.answer_in_json()
        return super().handle_exception(exc)

    def options(self, request, *args, **kwargs):
        # The description of the endpoint is no table either.
        self.answer_in_json()
        return super().options(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.accepted_renderer.format == "csv" and response.status_code == 200:
            name = self.export_name
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response


class RegionExportSerializer(serializers.ModelSerializer):
    parent = RegionCodeField(read_only=True, allow_null=True)

    class Meta:
        model = Region
        fields = [
            "code",
            "name",
            "name_en",
            "level",
            "country",
            "parent",
            "cohesion_category",
            "industrial_transition_pilot",
        ]


@export_schema("Export regions", RegionExportSerializer)
class RegionExport(ExportView):
    """Every NUTS region with its level, country, parent and cohesion category."""

    export_name = "regions"
    serializer_class = RegionExportSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = RegionFilter

    def get_queryset(self):
        return Region.objects.select_related("parent").order_by("code")


class AreaMembershipExportSerializer(serializers.ModelSerializer):
    region = RegionCodeField(read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    country = serializers.CharField(source="region.country", read_only=True)
    area = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)
    area_phase = serializers.CharField(source="area.phase", read_only=True)

    class Meta:
        model = AreaMembership
        fields = [
            "region",
            "region_name",
            "country",
            "area",
            "area_name",
            "area_phase",
            "role",
            "joined_at",
            "left_at",
        ]


@export_schema(
    "Export the regions' thematic-area memberships, current and past",
    AreaMembershipExportSerializer,
)
class AreaMembershipExport(ExportView):
    """One row per region and area it leads or joined; filters are those of the area list."""

    export_name = "area-memberships"
    serializer_class = AreaMembershipExportSerializer
    filter_backends = [RelatedFilterBackend]
    related_filterset_class = AreaFilter
    related_path = "area"

    def related_queryset(self):
        return visible_areas(self.request.user)

    def get_queryset(self):
        return (
            AreaMembership.objects.filter(area__in=visible_areas(self.request.user))
            .select_related("region", "area")
            .order_by("region__code", "area__slug", "joined_at", "pk")
        )


class PartnershipMembershipExportSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="cluster.region.code", read_only=True)
    cluster = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    cluster_name = serializers.CharField(source="cluster.name", read_only=True)
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    partnership_name = serializers.CharField(source="partnership.name", read_only=True)
    area = serializers.CharField(source="partnership.area.slug", read_only=True)

    class Meta:
        model = PartnershipMembership
        fields = [
            "region",
            "cluster",
            "cluster_name",
            "partnership",
            "partnership_name",
            "area",
            "role",
            "joined_at",
            "left_at",
        ]


@export_schema(
    "Export the clusters' partnership memberships, by region", PartnershipMembershipExportSerializer
)
class PartnershipMembershipExport(ExportView):
    """One row per cluster and partnership, with the cluster's NUTS region; filters are those
    of the partnership list."""

    export_name = "partnership-memberships"
    serializer_class = PartnershipMembershipExportSerializer
    filter_backends = [RelatedFilterBackend]
    related_filterset_class = PartnershipFilter
    related_path = "partnership"

    def related_queryset(self):
        return visible_partnerships(self.request.user)

    def get_queryset(self):
        user = self.request.user
        return (
            PartnershipMembership.objects.filter(
                partnership__in=visible_partnerships(user), cluster__in=visible_clusters(user)
            )
            .select_related("cluster__region", "partnership__area")
            .order_by("cluster__region__code", "partnership__slug", "cluster__slug", "pk")
        )


class ProjectExportSerializer(serializers.ModelSerializer):
    lead_region = RegionCodeField(read_only=True)
    area = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    total_investment = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, coerce_to_string=False
    )

    class Meta:
        model = InvestmentProject
        fields = [
            "slug",
            "title",
            "lead_region",
            "area",
            "partnership",
            "stage",
            "trl",
            "total_investment",
            "status",
            "updated_at",
        ]


@export_schema("Export investment projects, by lead region", ProjectExportSerializer)
class ProjectExport(ExportView):
    """Projects the caller may see, by lead region; filters are those of the project list."""

    export_name = "projects"
    serializer_class = ProjectExportSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProjectFilter

    def get_queryset(self):
        return (
            visible_projects(self.request.user)
            .select_related("lead_region", "area", "partnership")
            .order_by("lead_region__code", "slug")
        )
