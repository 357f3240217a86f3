from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.serializers import (
    AttachingListSerializer,
    AttachingSerializer,
    CallerInputSerializer,
    OptionalURLField,
    VisibleSlugField,
    attach_rows,
    related_url_field,
)
from core.demo_switch import IS_DEMO_FIELD
from partnerships.models import (
    Call,
    Partnership,
    PartnershipJoinRequest,
    PartnershipMembership,
)
from partnerships.permissions import visible_partnerships
from regions.models import Cluster
from regions.permissions import visible_clusters
from thematic_areas.api.serializers import area_url_field
from thematic_areas.models import ThematicArea
from thematic_areas.permissions import visible_areas


def cluster_url_field(source: str = "cluster", **kwargs: Any) -> serializers.Field:
    return related_url_field("api:cluster-detail", source, **kwargs)


def partnership_url_field(**kwargs: Any) -> serializers.Field:
    return related_url_field("api:partnership-detail", "partnership", **kwargs)


class CallSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:call-detail", lookup_field="slug")
    official_page = OptionalURLField(source="url")
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = Call
        fields = [
            "url",
            "slug",
            "title",
            "description",
            "opens_on",
            "closes_on",
            "is_open",
            "official_page",
            "is_demo",
        ]
        extra_kwargs = {"is_demo": IS_DEMO_FIELD}


class PartnershipSerializer(AttachingSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:partnership-detail", lookup_field="slug"
    )
    area = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    area_url = area_url_field()
    coordinator = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    coordinator_url = cluster_url_field("coordinator", allow_null=True)
    call = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    call_url = related_url_field("api:call-detail", "call", allow_null=True)
    member_clusters = serializers.SerializerMethodField(
        help_text=_("Slugs of the current member clusters, coordinator included.")
    )

    attached = "current_members"

    class Meta:
        model = Partnership
        list_serializer_class = AttachingListSerializer
        fields = [
            "url",
            "slug",
            "name",
            "kind",
            "description",
            "area",
            "area_url",
            "coordinator",
            "coordinator_url",
            "call",
            "call_url",
            "member_clusters",
            "created_at",
            "is_demo",
        ]
        extra_kwargs = {"is_demo": IS_DEMO_FIELD}

    def attach(self, partnerships):
        current = PartnershipMembership.objects.current().order_by(
            "partnership", "role", "joined_at", "pk"
        )
        attach_rows(partnerships, current, "partnership", ("cluster__slug",), self.attached)

    def get_member_clusters(self, partnership) -> list[str]:
        return [slug for (slug,) in partnership.current_members]


class PartnershipJoinRequestSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:partnership-join-request-detail")
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    partnership_url = partnership_url_field()
    cluster = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    cluster_url = cluster_url_field()

    class Meta:
        model = PartnershipJoinRequest
        fields = [
            "url",
            "id",
            "partnership",
            "partnership_url",
            "cluster",
            "cluster_url",
            "statement",
            "status",
            "created_at",
            "decided_at",
            "decision_reason",
        ]


def area_or_partnership_fields(
    area_help: str, partnership_help: str
) -> tuple[VisibleSlugField, VisibleSlugField]:
    """The optional `area` and `partnership` fields of an input for something of an area or of
    a partnership, each among those the caller may see (a `CallerInputSerializer`'s)."""
    area = VisibleSlugField(
        ThematicArea.objects.none(), visible_areas, required=False, help_text=area_help
    )
    partnership = VisibleSlugField(
        Partnership.objects.none(), visible_partnerships, required=False, help_text=partnership_help
    )
    return area, partnership


def joinable_partnerships(user):
    # The request's checks read the partnership's area and call.
    return visible_partnerships(user).select_related("area", "call")


class PartnershipJoinRequestCreateSerializer(CallerInputSerializer):
    partnership = VisibleSlugField(
        Partnership.objects.none(),
        joinable_partnerships,
        help_text=_("Slug of the partnership to join."),
    )
    cluster = VisibleSlugField(
        Cluster.objects.none(),
        visible_clusters,
        help_text=_("Slug of the cluster organisation you represent."),
    )
    statement = serializers.CharField(max_length=10000, allow_blank=True)
