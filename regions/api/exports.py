"""The regions export: every NUTS region, keyed by its code (registered in apps.py)."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers

from core.api.exports import ExportView, export_schema
from regions.filters import RegionFilter
from regions.models import Region

from .fields import RegionCodeField


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
            "cohesion_source_url",
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
