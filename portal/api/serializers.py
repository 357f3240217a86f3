"""Computed answers (matchmaking suggestions, the pipeline's figures): plain data, not rows."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


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
        help_text=_(
            "Whether the score is raised: a less developed or transition region by its "
            "recorded category, or a region of the industrial-transition pilot."
        )
    )
    demo = serializers.BooleanField(
        help_text=_("Whether it rests on the demonstration data set, not on real data.")
    )


class CategorisedSuggestionSerializer(SuggestionSerializer):
    cohesion_category = serializers.CharField(
        allow_blank=True,
        help_text=_(
            "The region's 2021-2027 cohesion category as recorded with its source; "
            "empty when none is recorded (never guessed)."
        ),
    )


class SuggestedRegionSerializer(MatchedRegionSerializer, CategorisedSuggestionSerializer):
    pass


class MatchedClusterSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    url = PlainLinkField("api:cluster-detail", "slug")
    region = MatchedRegionSerializer()


class SuggestedClusterSerializer(MatchedClusterSerializer, CategorisedSuggestionSerializer):
    pass


class SuggestedAreaSerializer(SuggestionSerializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    url = PlainLinkField("api:area-detail", "slug")


class SuggestedPartnerSerializer(MatchedClusterSerializer, SuggestionSerializer):
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
    category_unknown = serializers.IntegerField(
        help_text=_(
            "How many of the suggested regions and clusters lie in a region with no "
            "recorded cohesion category (no boost is applied to them)."
        )
    )
