from rest_framework import viewsets

from core.api.caching import VisitorCachedMixin
from core.api.join_requests import JoinRequestViewSet, join_request_schema
from core.api.schema import described
from core.api.views import BySlugMixin, PageFilterSetMixin
from partnerships import services
from partnerships.filters import CallFilter, PartnershipFilter
from partnerships.membership import PARTNERSHIP_REQUESTS
from partnerships.models import Call, Partnership, PartnershipJoinRequest
from partnerships.permissions import visible_partnerships

from .serializers import (
    CallSerializer,
    PartnershipJoinRequestCreateSerializer,
    PartnershipJoinRequestSerializer,
    PartnershipSerializer,
)


@described(
    list="List calls for expressions of interest",
    retrieve="Get one call by its slug",
)
class CallViewSet(
    VisitorCachedMixin, BySlugMixin, PageFilterSetMixin, viewsets.ReadOnlyModelViewSet
):
    queryset = Call.objects.all()
    serializer_class = CallSerializer
    filterset_class = CallFilter


@described(
    list="List partnerships of cluster organisations",
    retrieve="Get one partnership by its slug",
)
class PartnershipViewSet(
    VisitorCachedMixin, BySlugMixin, PageFilterSetMixin, viewsets.ReadOnlyModelViewSet
):
    """Partnerships are visible with their thematic area."""

    queryset = Partnership.objects.all()
    serializer_class = PartnershipSerializer
    filterset_class = PartnershipFilter

    def get_queryset(self):
        return visible_partnerships(self.request.user).select_related("area", "coordinator", "call")


@join_request_schema(
    "partnership",
    "cluster",
    "coordinator or area leads",
    "Accepted only while the partnership's call is open.",
)
class PartnershipJoinRequestViewSet(JoinRequestViewSet):
    """Requests of the caller's clusters and those the caller decides; moderators see all."""

    queryset = PartnershipJoinRequest.objects.all()
    serializer_class = PartnershipJoinRequestSerializer
    create_serializer_class = PartnershipJoinRequestCreateSerializer
    kind = PARTNERSHIP_REQUESTS
    create_service = services.request_to_join_partnership
