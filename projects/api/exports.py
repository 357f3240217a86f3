"""The projects export: the projects the caller may see, by lead region (registered in apps.py)."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers

from core.api.exports import ExportView, export_schema
from projects.filters import ProjectFilter
from projects.models import InvestmentProject
from projects.permissions import visible_projects
from regions.api.fields import RegionCodeField


class ProjectExportSerializer(serializers.ModelSerializer):
    lead_region = RegionCodeField(read_only=True)
    area = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    total_investment = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

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
            "is_demo",
            "updated_at",
        ]


@export_schema("Export investment projects, by lead region", ProjectExportSerializer)
class ProjectExport(ExportView):
    """Projects the caller may see, by lead region; filters are those of the project list."""

    export_name = "projects"
    demo_flag = "is_demo"
    serializer_class = ProjectExportSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProjectFilter

    def get_queryset(self):
        return (
            visible_projects(self.request.user)
            .select_related("lead_region", "area", "partnership")
            .order_by("lead_region__code", "slug")
        )
