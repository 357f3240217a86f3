"""The area memberships export: regions in thematic areas (registered in apps.py)."""

from rest_framework import serializers

from core.api.exports import ExportView, RelatedFilterBackend, export_schema
from regions.api.fields import RegionCodeField
from thematic_areas.filters import AreaFilter
from thematic_areas.models import AreaMembership
from thematic_areas.permissions import visible_areas


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
