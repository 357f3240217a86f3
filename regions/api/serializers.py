from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.serializers import (
    OptionalURLField,
    StrictSerializer,
    nested_list_url_field,
    related_url_field,
)
from core.demo_switch import IS_DEMO_FIELD
from regions.models import MEMBER_COUNT_FIELDS, Cluster, Priority, Region, Ris3Priority
from regions.services import CLUSTER_PROFILE_FIELDS

from .fields import PriorityKeyField, RegionCodeField


def region_url_field(source: str = "region", **kwargs: Any) -> serializers.Field:
    """The API address of the region `source`."""
    return related_url_field("api:region-detail", source, lookup_field="code", **kwargs)


class PrioritySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:priority-detail")
    key = serializers.SerializerMethodField(help_text=_("scheme:code, as used in filters."))
    parent = PriorityKeyField(read_only=True, allow_null=True)

    class Meta:
        model = Priority
        fields = ["url", "id", "key", "scheme", "code", "name", "level", "parent"]

    def get_key(self, priority) -> str:
        return f"{priority.scheme}:{priority.code}"


class Ris3PrioritySerializer(serializers.ModelSerializer):
    codes = PriorityKeyField(many=True, read_only=True)
    source_url = OptionalURLField(help_text=_("The strategy document that states it, or null."))

    class Meta:
        model = Ris3Priority
        fields = ["title", "description", "codes", "source_url", "updated_at"]


class RegionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:region-detail", lookup_field="code")
    parent = RegionCodeField(read_only=True, allow_null=True)
    parent_url = region_url_field("parent", allow_null=True)
    priorities = PriorityKeyField(many=True, read_only=True)
    ris3_priorities = Ris3PrioritySerializer(
        source="visible_ris3_priorities",
        many=True,
        read_only=True,
        help_text=_("The priorities of the region's RIS3 profile (those moderators hid left out)."),
    )
    areas_url = nested_list_url_field("api:region-areas-list", "region_code", lookup_field="code")

    class Meta:
        model = Region
        fields = [
            "url",
            "code",
            "name",
            "name_en",
            "name_national",
            "level",
            "country",
            "parent",
            "parent_url",
            "cohesion_category",
            "cohesion_source_url",
            "industrial_transition_pilot",
            "pilot_note",
            "priorities",
            "ris3_priorities",
            "areas_url",
        ]


class ClusterSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:cluster-detail", lookup_field="slug")
    region = RegionCodeField(read_only=True)
    region_url = region_url_field()
    priorities = PriorityKeyField(many=True, read_only=True)
    total_members = serializers.IntegerField(read_only=True)
    website = OptionalURLField()

    class Meta:
        model = Cluster
        fields = [
            "url",
            "slug",
            "name",
            "acronym",
            "region",
            "region_url",
            "website",
            "description",
            "priorities",
            "management_fte",
            *MEMBER_COUNT_FIELDS,
            "total_members",
            "label",
            "status",
            "created_at",
            "updated_at",
            "is_demo",
        ]
        extra_kwargs = {"is_demo": IS_DEMO_FIELD}


class ClusterProfileSerializer(StrictSerializer):
    """The fields of a cluster profile its representatives edit (PATCH: any subset)."""

    name = serializers.CharField(max_length=200)
    acronym = serializers.CharField(max_length=30, allow_blank=True)
    website = serializers.URLField(max_length=200, allow_blank=True)
    description = serializers.CharField(max_length=10000, allow_blank=True)
    management_fte = serializers.DecimalField(
        max_digits=5, decimal_places=1, min_value=0, coerce_to_string=False
    )
    members_sme = serializers.IntegerField(min_value=0, max_value=2**31 - 1)
    members_large = serializers.IntegerField(min_value=0, max_value=2**31 - 1)
    members_research = serializers.IntegerField(min_value=0, max_value=2**31 - 1)
    members_public = serializers.IntegerField(min_value=0, max_value=2**31 - 1)
    members_other = serializers.IntegerField(min_value=0, max_value=2**31 - 1)
    priorities = PriorityKeyField(many=True, help_text=_("Priorities as scheme:code."))

    def profile_fields(self):
        return {
            name: self.validated_data[name]
            for name in CLUSTER_PROFILE_FIELDS
            if name in self.validated_data
        }


class RepresentedRegionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:region-detail", lookup_field="code")

    class Meta:
        model = Region
        fields = ["code", "name", "url"]


class RepresentedClusterSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:cluster-detail", lookup_field="slug")

    class Meta:
        model = Cluster
        fields = ["slug", "name", "url"]


class MeSerializer(serializers.Serializer):
    """Who the caller is, and the regions and clusters they represent (verified)."""

    email = serializers.EmailField()
    name = serializers.CharField()
    is_moderator = serializers.BooleanField()
    regions = RepresentedRegionSerializer(many=True)
    clusters = RepresentedClusterSerializer(many=True)
