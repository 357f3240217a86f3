from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.serializers import (
    AttachingListSerializer,
    AttachingSerializer,
    CallerInputSerializer,
    StrictSerializer,
    VisibleSlugField,
    attach_rows,
    nested_list_url_field,
    related_url_field,
)
from regions.api.fields import PriorityKeyField, RegionCodeField
from regions.api.serializers import region_url_field
from thematic_areas.choices import MembershipRole
from thematic_areas.models import (
    AreaJoinRequest,
    AreaMembership,
    NamedParticipant,
    ThematicArea,
)
from thematic_areas.permissions import visible_areas


def area_url_field(source: str = "area") -> serializers.Field:
    return related_url_field("api:area-detail", source)


class NamedParticipantSerializer(serializers.ModelSerializer):
    class Meta:
        model = NamedParticipant
        fields = ["name", "role", "note", "source_url"]


class AreaSerializer(AttachingSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:area-detail", lookup_field="slug")
    proposing_region = RegionCodeField(read_only=True, allow_null=True)
    proposing_region_url = region_url_field("proposing_region", allow_null=True)
    priorities = PriorityKeyField(many=True, read_only=True)
    lead_regions = serializers.SerializerMethodField(help_text=_("NUTS codes of the leads."))
    member_regions = serializers.SerializerMethodField(
        help_text=_("NUTS codes of all current members, leads included.")
    )
    phase = serializers.SerializerMethodField(
        help_text=_("learn, connect, demonstrate, commercialise or scale_up; null when unknown.")
    )
    platform = serializers.SerializerMethodField(
        help_text=_(
            "industrial_modernisation or energy, as a source states; null when no source "
            "read states it."
        )
    )
    sources = serializers.SlugRelatedField(
        slug_field="url",
        many=True,
        read_only=True,
        help_text=_("Web addresses of the public pages that document the area."),
    )
    named_participants = NamedParticipantSerializer(
        many=True,
        read_only=True,
        help_text=_(
            "Participants the sources name that are no NUTS 2021 region of the EU-27 "
            "(Scotland, Randstad, a city…)."
        ),
    )
    members_url = nested_list_url_field("api:area-member-list", "area_slug")
    membership_history_url = nested_list_url_field("api:area-membership-history-list", "area_slug")

    attached = "current_members"

    class Meta:
        model = ThematicArea
        list_serializer_class = AttachingListSerializer
        fields = [
            "url",
            "slug",
            "name",
            "summary",
            "description",
            "objectives",
            "action_plan",
            "priorities",
            "status",
            "phase",
            "proposing_region",
            "proposing_region_url",
            "lead_regions",
            "member_regions",
            "named_participants",
            "platform",
            "platform_source_url",
            "reported_region_count",
            "sources",
            "launched_year",
            "created_at",
            "updated_at",
            "decided_at",
            "members_url",
            "membership_history_url",
        ]

    def get_phase(self, area) -> str | None:
        return area.phase or None

    def get_platform(self, area) -> str | None:
        return area.platform or None

    def attach(self, areas):
        current = AreaMembership.objects.current().order_by("area", "-role", "joined_at", "pk")
        attach_rows(areas, current, "area", ("role", "region__code"), self.attached)

    def get_lead_regions(self, area) -> list[str]:
        return [code for role, code in area.current_members if role == MembershipRole.LEAD]

    def get_member_regions(self, area) -> list[str]:
        return [code for _role, code in area.current_members]


class AreaProposalSerializer(StrictSerializer):
    """A region's proposal of a new area; the region will lead it once a moderator approves."""

    region = RegionCodeField(help_text=_("NUTS code of the proposing region you represent."))
    name = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=500)
    description = serializers.CharField(max_length=10000, allow_blank=True, default="")
    objectives = serializers.CharField(max_length=10000, allow_blank=True)
    action_plan = serializers.CharField(max_length=10000, allow_blank=True)
    priorities = PriorityKeyField(many=True, required=False, default=list)


class AreaMembershipSerializer(serializers.ModelSerializer):
    region = RegionCodeField(read_only=True)
    region_url = region_url_field()

    class Meta:
        model = AreaMembership
        fields = ["region", "region_url", "role", "joined_at", "left_at", "source_url"]
        extra_kwargs = {
            "joined_at": {"help_text": _("null when the member is known from a source only.")},
            "source_url": {"help_text": _("The public page that names the member, if any.")},
        }


class AreaJoinRequestSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:area-join-request-detail")
    area = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    area_url = area_url_field()
    region = RegionCodeField(read_only=True)
    region_url = region_url_field()

    class Meta:
        model = AreaJoinRequest
        fields = [
            "url",
            "id",
            "area",
            "area_url",
            "region",
            "region_url",
            "statement",
            "status",
            "created_at",
            "decided_at",
            "decision_reason",
        ]


class AreaJoinRequestCreateSerializer(CallerInputSerializer):
    area = VisibleSlugField(
        ThematicArea.objects.none(),
        visible_areas,
        help_text=_("Slug of the thematic area to join."),
    )
    region = RegionCodeField(help_text=_("NUTS code of the region you represent."))
    statement = serializers.CharField(max_length=10000, allow_blank=True)
