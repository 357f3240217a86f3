from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.serializers import StrictSerializer
from core.demo_switch import IS_DEMO_FIELD
from partnerships.api.serializers import cluster_url_field
from partnerships.models import Partnership
from partnerships.permissions import visible_partnerships
from projects.choices import Stage
from projects.models import FundingSource, InvestmentProject, ProjectPartner
from regions.api.fields import RegionCodeField, one_organisation, organisation_fields
from regions.models import Cluster
from regions.permissions import visible_clusters
from thematic_areas.api.serializers import area_url_field, region_url_field
from thematic_areas.models import ThematicArea
from thematic_areas.permissions import visible_areas


class ProjectSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:project-detail", lookup_field="slug")
    area = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    area_url = area_url_field()
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    partnership_url = serializers.HyperlinkedRelatedField(
        view_name="api:partnership-detail",
        lookup_field="slug",
        read_only=True,
        source="partnership",
        allow_null=True,
    )
    lead_region = RegionCodeField(read_only=True)
    lead_region_url = region_url_field("lead_region")
    total_investment = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    partners_url = serializers.HyperlinkedIdentityField(
        view_name="api:project-partner-list", lookup_field="slug", lookup_url_kwarg="project_slug"
    )
    funding_url = serializers.HyperlinkedIdentityField(
        view_name="api:project-funding-list", lookup_field="slug", lookup_url_kwarg="project_slug"
    )

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


class ProjectCreateSerializer(StrictSerializer):
    """A draft project, for a member region (`region`) or cluster (`cluster`) of the area."""

    area = serializers.SlugRelatedField(
        slug_field="slug", queryset=ThematicArea.objects.none(), help_text=_("The area's slug.")
    )
    region, cluster = organisation_fields(Cluster.objects.none())
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=10000)
    trl = serializers.IntegerField(min_value=1, max_value=9)
    total_investment = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("0")
    )
    partnership = serializers.SlugRelatedField(
        slug_field="slug", queryset=Partnership.objects.none(), required=False, allow_null=True
    )
    stage = serializers.ChoiceField(choices=Stage.choices, default=Stage.IDEA)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what the caller can see, so an answer never tells a hidden one exists.
        if user is not None:
            self.fields["area"].queryset = visible_areas(user)
            self.fields["cluster"].queryset = visible_clusters(user)
            self.fields["partnership"].queryset = visible_partnerships(user)

    def validate(self, attrs):
        return one_organisation(super().validate(attrs))


class ProjectUpdateSerializer(StrictSerializer):
    """The fields of a project its representatives edit (PATCH: any subset)."""

    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=10000)
    trl = serializers.IntegerField(min_value=1, max_value=9)
    total_investment = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("0")
    )
    partnership = serializers.SlugRelatedField(
        slug_field="slug", queryset=Partnership.objects.none(), allow_null=True
    )
    confirm_oversubscription = serializers.BooleanField(
        default=False,
        help_text=_("Needed when the recorded funding exceeds the total investment."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["partnership"].queryset = visible_partnerships(user)


class StageSerializer(StrictSerializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
