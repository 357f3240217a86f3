from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from partnerships.api.serializers import cluster_url_field
from partnerships.models import Partnership
from partnerships.permissions import visible_partnerships
from projects.choices import Stage
from projects.models import FundingSource, InvestmentProject, ProjectPartner
from regions.api.fields import RegionCodeField
from regions.models import Cluster
from regions.permissions import visible_clusters
from s3p_portal.api.serializers import StrictSerializer
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
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, coerce_to_string=False
    )

    class Meta:
        model = FundingSource
        fields = ["kind", "amount", "status", "note"]


class ProjectCreateSerializer(StrictSerializer):
    """A draft project, for a member region (`region`) or cluster (`cluster`) of the area."""

    area = serializers.SlugRelatedField(
        slug_field="slug", queryset=ThematicArea.objects.none(), help_text=_("The area's slug.")
    )
    region = RegionCodeField(
        required=False, help_text=_("NUTS code of the region you act for; or give `cluster`.")
    )
    cluster = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Cluster.objects.none(),
        required=False,
        help_text=_("Slug of the cluster you act for; or give `region`."),
    )
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=10000)
    trl = serializers.IntegerField(min_value=1, max_value=9)
    total_investment = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("0"), coerce_to_string=False
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
        attrs = super().validate(attrs)
        if ("region" in attrs) == ("cluster" in attrs):
            raise serializers.ValidationError(
                {"region": _("Give either the region or the cluster you act for.")}
            )
        attrs["organisation"] = attrs.pop("region", None) or attrs.pop("cluster")
        return attrs


class ProjectUpdateSerializer(StrictSerializer):
    """The fields of a project its representatives edit (PATCH: any subset)."""

    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=10000)
    trl = serializers.IntegerField(min_value=1, max_value=9)
    total_investment = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("0"), coerce_to_string=False
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


# Matchmaking: plain data from projects.matchmaking (`area_coverage`), not model rows.


class PlainLinkField(serializers.HyperlinkedRelatedField):
    """A link to a resource, from plain data holding its lookup value (source="*")."""

    def __init__(self, view_name, lookup_field, **kwargs):
        super().__init__(
            view_name=view_name, lookup_field=lookup_field, source="*", read_only=True, **kwargs
        )

    def get_url(self, obj, view_name, request, format):
        kwargs = {self.lookup_url_kwarg: obj[self.lookup_field]}
        return self.reverse(view_name, kwargs=kwargs, request=request, format=format)


class MatchedPrioritySerializer(serializers.Serializer):
    scheme = serializers.CharField()
    code = serializers.CharField()
    name = serializers.CharField()


class MatchedRegionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    url = PlainLinkField("api:region-detail", "code")


class SuggestionSerializer(serializers.Serializer):
    score = serializers.DecimalField(max_digits=8, decimal_places=3, coerce_to_string=False)
    shared_priorities = MatchedPrioritySerializer(
        many=True, help_text=_("The priorities behind the score.")
    )
    explanation = serializers.CharField(help_text=_("How the score is made."))
    cohesion_boost = serializers.BooleanField(
        help_text=_("Whether the score is raised for a less developed or transition region.")
    )
    demo = serializers.BooleanField(
        help_text=_("Whether it rests on the demonstration data set, not on real data.")
    )


class SuggestedRegionSerializer(MatchedRegionSerializer, SuggestionSerializer):
    pass


class SuggestedClusterSerializer(SuggestionSerializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    url = PlainLinkField("api:cluster-detail", "slug")
    region = MatchedRegionSerializer()


class SuggestedAreaSerializer(SuggestionSerializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    url = PlainLinkField("api:area-detail", "slug")


class SuggestedPartnerSerializer(SuggestedClusterSerializer):
    new_country = serializers.BooleanField(
        help_text=_("Whether the cluster brings a country the project has no partner in yet.")
    )


class PipelineTableSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("Also names the table's CSV: /pipeline/{key}.csv."))
    title = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(
        child=serializers.ListField(child=serializers.JSONField()),
        help_text=_("A label, then numbers; money as strings, exact to the cent."),
    )


class PipelineSerializer(serializers.Serializer):
    headline = serializers.DictField(
        child=serializers.CharField(),
        help_text=_(
            "Published projects and their partners, and the shares (%) from less "
            "developed and transition regions."
        ),
    )
    tables = PipelineTableSerializer(many=True)


class AreaCoverageSerializer(serializers.Serializer):
    covered = MatchedPrioritySerializer(
        many=True, help_text=_("Priorities of the area declared by a member region or cluster.")
    )
    missing = MatchedPrioritySerializer(
        many=True, help_text=_("Priorities of the area that no member declares.")
    )
    regions = SuggestedRegionSerializer(
        many=True, help_text=_("Regions outside the area that would bring missing priorities.")
    )
    clusters = SuggestedClusterSerializer(
        many=True,
        help_text=_("Published clusters outside the area's partnerships that would bring them."),
    )
