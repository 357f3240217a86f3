from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from projects.models import FundingSource, InvestmentProject, ProjectPartner
from projects.permissions import visible_projects

from .serializers import FundingSourceSerializer, ProjectPartnerSerializer, ProjectSerializer

SLUG = r"[-a-zA-Z0-9_]+"


@extend_schema_view(
    list=extend_schema(summary="List investment projects"),
    retrieve=extend_schema(summary="Get one investment project by its slug"),
)
class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """Published projects; drafts only for the lead region's representatives and moderators."""

    queryset = InvestmentProject.objects.all()
    serializer_class = ProjectSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG
    search_fields = ["title", "summary"]
    ordering_fields = ["title", "created_at", "updated_at", "total_investment", "trl"]
    ordering = ["-created_at"]

    def get_queryset(self):
        return visible_projects(self.request.user).select_related(
            "area", "partnership", "lead_region"
        )


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
