from django.shortcuts import get_object_or_404
from rest_framework import mixins, viewsets

from core.api.caching import VisitorCachedMixin
from core.api.schema import Write, described
from core.api.serializers import ReasonSerializer
from core.api.views import (
    PageFilterSetMixin,
    WritableBySlugViewSet,
    transition,
)
from projects import services
from projects.filters import ProjectFilter
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


@described(
    list="List investment projects",
    retrieve="Get one investment project by its slug",
    create=Write(
        "Create a draft investment project",
        ProjectCreateSerializer,
        "For a representative of a member region, or of a cluster in a "
        "partnership of the area; the organisation becomes the lead partner.",
    ),
    partial_update=Write(
        "Edit an investment project",
        ProjectUpdateSerializer,
        "For its representatives and moderators, until it is archived.",
    ),
)
class ProjectViewSet(VisitorCachedMixin, PageFilterSetMixin, WritableBySlugViewSet):
    """Public projects for all; drafts and submitted ones for their people and moderators."""

    queryset = InvestmentProject.objects.all()
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    ordering_fields = ["title", "created_at", "updated_at", "total_investment", "trl"]
    ordering = ["-created_at"]
    create_serializer_class = ProjectCreateSerializer
    create_service = services.create_project
    update_serializer_class = ProjectUpdateSerializer

    def get_queryset(self):
        return visible_projects(self.request.user).select_related(
            "area", "partnership", "lead_region"
        )

    def change(self, project, **fields):
        return services.update_project(user=self.request.user, project_id=project.pk, **fields)

    @transition("Move a project to another stage", StageSerializer)
    def stage(self, project, stage):
        return services.change_stage(user=self.request.user, project_id=project.pk, stage=stage)

    @transition("Submit a draft project for publication")
    def submit(self, project):
        return services.submit_project(user=self.request.user, project_id=project.pk)

    @transition("Publish a submitted project (area leads)")
    def publish(self, project):
        return services.publish_project(user=self.request.user, project_id=project.pk)

    @transition(
        "Return a submitted project to its authors (area leads)",
        ReasonSerializer,
        url_path="return",
    )
    def return_to_draft(self, project, reason):
        return services.return_project(user=self.request.user, project_id=project.pk, reason=reason)

    @transition("Archive a published project")
    def archive(self, project):
        return services.archive_project(user=self.request.user, project_id=project.pk)


class ProjectPartsMixin:
    def project(self):
        return get_object_or_404(
            visible_projects(self.request.user), slug=self.kwargs["project_slug"]
        )


@described(list="List a project's partner organisations")
class ProjectPartnerViewSet(ProjectPartsMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = ProjectPartner.objects.all()
    serializer_class = ProjectPartnerSerializer
    ordering_fields = ["organisation_name", "country", "role"]
    ordering = ["role", "organisation_name"]

    def get_queryset(self):
        return self.project().partners.select_related("region", "cluster")


@described(list="List a project's funding sources")
class ProjectFundingViewSet(ProjectPartsMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = FundingSource.objects.all()
    serializer_class = FundingSourceSerializer
    ordering_fields = ["kind", "amount", "status"]
    ordering = ["kind"]

    def get_queryset(self):
        return self.project().funding_sources.all()
