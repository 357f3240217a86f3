from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.serializers import (
    CallerInputSerializer,
    StrictSerializer,
    VisibleSlugField,
    nested_list_url_field,
)
from core.demo_switch import IS_DEMO_FIELD
from partnerships.api.serializers import cluster_url_field, partnership_url_field
from partnerships.models import Partnership
from partnerships.permissions import visible_partnerships
from projects.choices import Stage
from projects.models import FundingSource, InvestmentProject, ProjectPartner
from regions.api.fields import RegionCodeField, one_organisation, organisation_fields
from regions.api.serializers import region_url_field
from regions.models import Cluster
from regions.permissions import visible_clusters
from thematic_areas.api.serializers import area_url_field
from thematic_areas.models import ThematicArea
from thematic_areas.permissions import visible_areas


class ProjectSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:project-detail", lookup_field="slug")
    area = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    area_url = area_url_field()
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    partnership_url = partnership_url_field(allow_null=True)
    lead_region = RegionCodeField(read_only=True)
    lead_region_url = region_url_field("lead_region")
    total_investment = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    partners_url = nested_list_url_field("api:project-partner-list", "project_slug")
    funding_url = nested_list_url_field("api:project-funding-list", "project_slug")

    class Meta:
        model = InvestmentProject
        fields = [
            "url",
            "slug",
            "title",
            "summary",
            "area",
            "area_url",
            "partnership",
            "partnership_url",
            "lead_region",
            "lead_region_url",
            "stage",
            "trl",
            "total_investment",
            "status",
            "created_at",
            "updated_at",
            "published_at",
            "partners_url",
            "funding_url",
            "is_demo",
        ]
        extra_kwargs = {"is_demo": IS_DEMO_FIELD}


class ProjectPartnerSerializer(serializers.ModelSerializer):
    region = RegionCodeField(read_only=True, allow_null=True)
    region_url = region_url_field(allow_null=True)
    cluster = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    cluster_url = cluster_url_field(allow_null=True)

    class Meta:
        model = ProjectPartner
        fields = [
            "organisation_name",
            "organisation_type",
            "country",
            "role",
            "region",
            "region_url",
            "cluster",
            "cluster_url",
        ]


class FundingSourceSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = FundingSource
        fields = ["kind", "amount", "status", "note"]


def project_fields() -> tuple[serializers.Field, ...]:
    """A project's title, summary, TRL and total investment, alike when it is created and
    edited: new fields for each serializer, in the place it declares them."""
    return (
        serializers.CharField(max_length=200),
        serializers.CharField(max_length=10000),
        serializers.IntegerField(min_value=1, max_value=9),
        serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0")),
    )


class ProjectCreateSerializer(CallerInputSerializer):
    """A draft project, for a member region (`region`) or cluster (`cluster`) of the area."""

    area = VisibleSlugField(
        ThematicArea.objects.none(), visible_areas, help_text=_("The area's slug.")
    )
    region, cluster = organisation_fields(Cluster.objects.none(), visible_clusters)
    title, summary, trl, total_investment = project_fields()
    partnership = VisibleSlugField(
        Partnership.objects.none(), visible_partnerships, required=False, allow_null=True
    )
    stage = serializers.ChoiceField(choices=Stage.choices, default=Stage.IDEA)

    def validate(self, attrs):
        return one_organisation(super().validate(attrs))


class ProjectUpdateSerializer(CallerInputSerializer):
    """The fields of a project its representatives edit (PATCH: any subset)."""

    title, summary, trl, total_investment = project_fields()
    partnership = VisibleSlugField(
        Partnership.objects.none(), visible_partnerships, allow_null=True
    )
    confirm_oversubscription = serializers.BooleanField(
        default=False,
        help_text=_("Needed when the recorded funding exceeds the total investment."),
    )


class StageSerializer(StrictSerializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
