"""API answers computed over several apps: matchmaking suggestions and the pipeline."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response

from core.api.views import ComputedView
from core.demo_switch import DEMO_API_PARAMETER, includes_demo
from portal import matchmaking
from portal.pipeline import pipeline_data
from projects.permissions import visible_projects
from regions.models import Region
from thematic_areas.permissions import visible_areas

from .serializers import (
    AreaCoverageSerializer,
    PipelineSerializer,
    SuggestedAreaSerializer,
    SuggestedPartnerSerializer,
    SuggestedRegionSerializer,
)


class AreaMissingPrioritiesView(ComputedView):
    """The priorities an area's members cover and lack, and who would bring the missing ones."""

    serializer_class = AreaCoverageSerializer

    @extend_schema(
        summary="Get an area's covered and missing priorities, with who would bring them",
        description="Regions and published clusters score 1 point per missing priority they "
        f"declare, times {matchmaking.COHESION_BOOST} in less developed and transition regions; "
        f"the {matchmaking.LIMIT} best of each, with the reasons for their score.",
    )
    def get(self, request, area_slug):
        area = get_object_or_404(visible_areas(request.user), slug=area_slug)
        coverage = matchmaking.area_coverage(area)
        return Response(self.get_serializer(coverage).data)


class RegionSuggestionsView(ComputedView):
    """Suggestions for one region, by NUTS code: a key of `matchmaking.region_suggestions`."""

    suggestions = ""

    def get(self, request, code):
        region = get_object_or_404(Region, code=code.upper())
        found = matchmaking.region_suggestions(region)[self.suggestions]
        return Response(self.get_serializer(found, many=True).data)


@extend_schema_view(
    get=extend_schema(
        responses=SuggestedAreaSerializer(many=True),
        summary="List the active areas a region could join, with the reasons",
        description=f"{matchmaking.OWN_PRIORITY_POINTS} point per priority the region shares "
        f"with the area's own, {matchmaking.MEMBER_PRIORITY_POINTS} per priority it shares only "
        f"with the area's member regions; the {matchmaking.LIMIT} best.",
    )
)
class RegionSuggestedAreasView(RegionSuggestionsView):
    serializer_class = SuggestedAreaSerializer
    suggestions = "areas"


@extend_schema_view(
    get=extend_schema(
        responses=SuggestedRegionSerializer(many=True),
        summary="List the regions with the most similar priorities",
        description="The Jaccard index of the two regions' priority codes, shared ÷ either; "
        f"the {matchmaking.LIMIT} best.",
    )
)
class RegionSimilarRegionsView(RegionSuggestionsView):
    serializer_class = SuggestedRegionSerializer
    suggestions = "similar"


class ProjectSuggestedPartnersView(ComputedView):
    serializer_class = SuggestedPartnerSerializer

    @extend_schema(
        responses=SuggestedPartnerSerializer(many=True),
        summary="List published clusters that could join a project as partners",
        description="1 point per priority a cluster shares with the project's area; clusters "
        "already partners are left out, those from countries not yet in the project come "
        f"first; the {matchmaking.LIMIT} best.",
    )
    def get(self, request, project_slug):
        project = get_object_or_404(
            visible_projects(request.user).select_related("area", "lead_region"),
            slug=project_slug,
        )
        found = [s.as_dict() for s in matchmaking.suggested_partners(project)]
        return Response(self.get_serializer(found, many=True).data)


class PipelineView(ComputedView):
    serializer_class = PipelineSerializer

    @extend_schema(
        summary="Get the investment pipeline's figures",
        description="The dashboard's tables (by stage, area, funding gap, country and cohesion "
        "category) over published projects, and its headline shares. Demo projects are left "
        "out unless `demo=include`; `headline.demo_projects` says how many there are.",
        parameters=[DEMO_API_PARAMETER],
    )
    def get(self, request):
        return Response(self.get_serializer(pipeline_data(includes_demo(request))).data)
