from rest_framework import serializers

from partnerships.api.serializers import cluster_url_field
from projects.models import FundingSource, InvestmentProject, ProjectPartner
from regions.api.fields import RegionCodeField
from thematic_areas.api.serializers import area_url_field, region_url_field


class ProjectSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:project-detail", lookup_field="slug")
    area = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    area_url = area_url_field()
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    partnership_url = serializers.HyperlinkedRelatedField(
        view_name="api:partnership-detail",
        lookup_field="slug",
        read_only=True,
        source="partnership",
    )
    lead_region = RegionCodeField(read_only=True)
    lead_region_url = region_url_field("lead_region")
    total_investment = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, coerce_to_string=False
    )
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
        ]


class ProjectPartnerSerializer(serializers.ModelSerializer):
    region = RegionCodeField(read_only=True)
    region_url = region_url_field()
    cluster = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    cluster_url = cluster_url_field()

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
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, coerce_to_string=False
    )

    class Meta:
        model = FundingSource
        fields = ["kind", "amount", "status", "note"]
