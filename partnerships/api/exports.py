"""The partnership memberships export: clusters in partnerships (registered in apps.py)."""

from rest_framework import serializers

from core.api.exports import ExportView, RelatedFilterBackend, export_schema
from partnerships.filters import PartnershipFilter
from partnerships.models import PartnershipMembership
from partnerships.permissions import visible_partnerships
from regions.permissions import visible_clusters


class PartnershipMembershipExportSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="cluster.region.code", read_only=True)
    cluster = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    cluster_name = serializers.CharField(source="cluster.name", read_only=True)
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    partnership_name = serializers.CharField(source="partnership.name", read_only=True)
    area = serializers.CharField(source="partnership.area.slug", read_only=True)
    is_demo = serializers.BooleanField(source="partnership.is_demo", read_only=True)

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
            "is_demo",
        ]


@export_schema(
    "Export the clusters' partnership memberships, by region", PartnershipMembershipExportSerializer
)
class PartnershipMembershipExport(ExportView):
    """One row per cluster and partnership, with the cluster's NUTS region; filters are those
    of the partnership list."""

    export_name = "partnership-memberships"
    demo_flag = "partnership__is_demo"
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
