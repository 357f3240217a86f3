from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.caching import VisitorCachedListMixin
from core.api.serializers import ReasonSerializer
from core.api.views import WritableBySlugViewSet, created, valid_input
from projects import services
from projects.filters import PROJECT_SEARCH, ProjectFilter
from projects.models import FundingSource, InvestmentProject, ProjectPartner
from projects.permissions import visible_projects

from .serializers import (
    FundingSourceSerializer,
    ProjectCreateSerializer,
    ProjectPartnerSerializer,
    ProjectSerializer,
    ProjectUpdateSerializer,
    StageSerializer,
)


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
class ProjectViewSet(VisitorCachedListMixin, WritableBySlugViewSet):
    """Public projects for all; drafts and submitted ones for their people and moderators."""

    queryset = InvestmentProject.objects.all()
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    search_fields = PROJECT_SEARCH.fields
    ordering_fields = ["title", "created_at", "updated_at", "total_investment", "trl"]
    ordering = ["-created_at"]

    def get_queryset(self):
        return visible_projects(self.request.user).select_related(
            "area", "partnership", "lead_region"
        )

    def create(self, request, *args, **kwargs):
        data = valid_input(ProjectCreateSerializer, request, user=request.user)
        project = services.create_project(user=request.user, **data)
        return created(self.fresh_data(project))

    def partial_update(self, request, *args, **kwargs):
        project = self.get_object()
        data = valid_input(ProjectUpdateSerializer, request, partial=True, user=request.user)
        project = services.update_project(user=request.user, project_id=project.pk, **data)
        return Response(self.fresh_data(project))

    @extend_schema(summary="Move a project to another stage", request=StageSerializer)
    @action(detail=True, methods=["post"])
    def stage(self, request, slug=None):
        project = self.get_object()
        stage = valid_input(StageSerializer, request)["stage"]
        project = services.change_stage(user=request.user, project_id=project.pk, stage=stage)
        return Response(self.fresh_data(project))

    @extend_schema(summary="Submit a draft project for publication", request=None)
    @action(detail=True, methods=["post"])
    def submit(self, request, slug=None):
        project = services.submit_project(user=request.user, project_id=self.get_object().pk)
        return Response(self.fresh_data(project))

    @extend_schema(summary="Publish a submitted project (area leads)", request=None)
    @action(detail=True, methods=["post"])
    def publish(self, request, slug=None):
        project = services.publish_project(user=request.user, project_id=self.get_object().pk)
        return Response(self.fresh_data(project))

    @extend_schema(
        summary="Return a submitted project to its authors (area leads)",
        request=ReasonSerializer,
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_draft(self, request, slug=None):
        project = self.get_object()
        reason = valid_input(ReasonSerializer, request)["reason"]
        project = services.return_project(user=request.user, project_id=project.pk, reason=reason)
        return Response(self.fresh_data(project))

    @extend_schema(summary="Archive a published project", request=None)
    @action(detail=True, methods=["post"])
    def archive(self, request, slug=None):
        project = services.archive_project(user=request.user, project_id=self.get_object().pk)
        return Response(self.fresh_data(project))


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
