from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from projects import matchmaking, services
from projects.filters import ProjectFilter
from projects.models import FundingSource, InvestmentProject, ProjectPartner
from projects.permissions import visible_projects
from projects.pipeline import pipeline_data
from regions.models import Region
from s3p_portal.api.caching import VisitorCachedListMixin
from s3p_portal.api.serializers import ReasonSerializer
from thematic_areas.permissions import visible_areas

from .serializers import (
    AreaCoverageSerializer,
    FundingSourceSerializer,
    PipelineSerializer,
    ProjectCreateSerializer,
    ProjectPartnerSerializer,
    ProjectSerializer,
    ProjectUpdateSerializer,
    StageSerializer,
    SuggestedAreaSerializer,
    SuggestedPartnerSerializer,
    SuggestedRegionSerializer,
)

SLUG = r"[-a-zA-Z0-9_]+"


@extend_schema_view(
    list=extend_schema(summary="List investment projects"),
    retrieve=extend_schema(summary="Get one investment project by its slug"),
    create=extend_schema(
        summary="Create a draft investment project",
        description="For a representative of a member region, or of a cluster in a "
        "partnership of the area; the organisation becomes the lead partner.",
        request=ProjectCreateSerializer,
        responses={201: ProjectSerializer},
    ),
    partial_update=extend_schema(
        summary="Edit an investment project",
        description="For its representatives and moderators, until it is archived.",
        request=ProjectUpdateSerializer,
        responses={200: ProjectSerializer},
    ),
)
class ProjectViewSet(
    VisitorCachedListMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Public projects for all; drafts and submitted ones for their people and moderators."""

    queryset = InvestmentProject.objects.all()
    serializer_class = ProjectSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG
    filterset_class = ProjectFilter
    search_fields = ["title", "summary"]
    ordering_fields = ["title", "created_at", "updated_at", "total_investment", "trl"]
    ordering = ["-created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return visible_projects(self.request.user).select_related(
            "area", "partnership", "lead_region"
        )

    def create(self, request, *args, **kwargs):
        data = ProjectCreateSerializer(data=request.data, user=request.user)
        data.is_valid(raise_exception=True)
        project = services.create_project(user=request.user, **data.validated_data)
        return Response(self._fresh(project), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        project = self.get_object()
        data = ProjectUpdateSerializer(data=request.data, partial=True, user=request.user)
        data.is_valid(raise_exception=True)
        project = services.update_project(
            user=request.user, project_id=project.pk, **data.validated_data
        )
        return Response(self._fresh(project))

    @extend_schema(summary="Move a project to another stage", request=StageSerializer)
    @action(detail=True, methods=["post"])
    def stage(self, request, slug=None):
        project = self.get_object()
        data = StageSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project = services.change_stage(
            user=request.user, project_id=project.pk, stage=data.validated_data["stage"]
        )
        return Response(self._fresh(project))

    @extend_schema(summary="Submit a draft project for publication", request=None)
    @action(detail=True, methods=["post"])
    def submit(self, request, slug=None):
        project = services.submit_project(user=request.user, project_id=self.get_object().pk)
        return Response(self._fresh(project))

    @extend_schema(summary="Publish a submitted project (area leads)", request=None)
    @action(detail=True, methods=["post"])
    def publish(self, request, slug=None):
        project = services.publish_project(user=request.user, project_id=self.get_object().pk)
        return Response(self._fresh(project))

    @extend_schema(
        summary="Return a submitted project to its authors (area leads)",
        request=ReasonSerializer,
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_draft(self, request, slug=None):
        project = self.get_object()
        reason = ReasonSerializer(data=request.data)
        reason.is_valid(raise_exception=True)
        project = services.return_project(
            user=request.user, project_id=project.pk, reason=reason.validated_data["reason"]
        )
        return Response(self._fresh(project))

    @extend_schema(summary="Archive a published project", request=None)
    @action(detail=True, methods=["post"])
    def archive(self, request, slug=None):
        project = services.archive_project(user=request.user, project_id=self.get_object().pk)
        return Response(self._fresh(project))

    def _fresh(self, project):
        return self.get_serializer(self.get_queryset().get(pk=project.pk)).data


class ProjectPartsMixin:
    def project(self):
        return get_object_or_404(
            visible_projects(self.request.user), slug=self.kwargs["project_slug"]
        )


@extend_schema_view(list=extend_schema(summary="List a project's partner organisations"))
class ProjectPartnerViewSet(ProjectPartsMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = ProjectPartner.objects.all()
    serializer_class = ProjectPartnerSerializer
    ordering_fields = ["organisation_name", "country", "role"]
    ordering = ["role", "organisation_name"]

    def get_queryset(self):
        return self.project().partners.select_related("region", "cluster")


@extend_schema_view(list=extend_schema(summary="List a project's funding sources"))
class ProjectFundingViewSet(ProjectPartsMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = FundingSource.objects.all()
    serializer_class = FundingSourceSerializer
    ordering_fields = ["kind", "amount", "status"]
    ordering = ["kind"]

    def get_queryset(self):
        return self.project().funding_sources.all()


class ComputedView(generics.GenericAPIView):
    """Figures computed for one resource: not a list of rows to filter or paginate."""

    filter_backends = []
    pagination_class = None


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
        "category) over published projects, and its headline shares.",
    )
    def get(self, request):
        return Response(self.get_serializer(pipeline_data()).data)
