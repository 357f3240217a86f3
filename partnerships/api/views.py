from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from core.api.caching import VisitorCachedListMixin
from core.api.filtering import FILTERSET_ORDERED
from core.api.join_requests import JoinRequestViewSet
from core.api.views import BySlugMixin, valid_input
from partnerships import services
from partnerships.filters import CALL_SEARCH, PARTNERSHIP_SEARCH, CallFilter, PartnershipFilter
from partnerships.membership import PARTNERSHIP_REQUESTS
from partnerships.models import Call, Partnership, PartnershipJoinRequest
from partnerships.permissions import visible_partnerships
from regions.permissions import visible_clusters

from .serializers import (
    CallSerializer,
    PartnershipJoinRequestCreateSerializer,
    PartnershipJoinRequestSerializer,
    PartnershipSerializer,
)


@extend_schema_view(
    list=extend_schema(summary="List calls for expressions of interest"),
    retrieve=extend_schema(summary="Get one call by its slug"),
)
class CallViewSet(VisitorCachedListMixin, BySlugMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Call.objects.all()
    serializer_class = CallSerializer
    filterset_class = CallFilter
    filter_backends = FILTERSET_ORDERED
    search_fields = CALL_SEARCH.fields


@extend_schema_view(
    list=extend_schema(summary="List partnerships of cluster organisations"),
    retrieve=extend_schema(summary="Get one partnership by its slug"),
)
class PartnershipViewSet(VisitorCachedListMixin, BySlugMixin, viewsets.ReadOnlyModelViewSet):
    """Partnerships are visible with their thematic area."""

    queryset = Partnership.objects.all()
    serializer_class = PartnershipSerializer
    filterset_class = PartnershipFilter
    filter_backends = FILTERSET_ORDERED
    search_fields = PARTNERSHIP_SEARCH.fields

    def get_queryset(self):
        return visible_partnerships(self.request.user).select_related("area", "coordinator", "call")


@extend_schema_view(
    list=extend_schema(summary="List partnership join requests you made or may decide"),
    retrieve=extend_schema(summary="Get one partnership join request"),
    create=extend_schema(
        summary="Ask for a cluster to join a partnership",
        description="Accepted only while the partnership's call is open.",
        request=PartnershipJoinRequestCreateSerializer,
        responses={201: PartnershipJoinRequestSerializer},
    ),
    approve=extend_schema(
        summary="Approve a request to join a partnership (coordinator or area leads)"
    ),
    reject=extend_schema(
        summary="Reject a request to join a partnership (coordinator or area leads)"
    ),
    withdraw=extend_schema(summary="Withdraw your cluster's request to join a partnership"),
)
class PartnershipJoinRequestViewSet(JoinRequestViewSet):
    """Requests of the caller's clusters and those the caller decides; moderators see all."""

    queryset = PartnershipJoinRequest.objects.all()
    serializer_class = PartnershipJoinRequestSerializer
    kind = PARTNERSHIP_REQUESTS
    request_service = services.request_to_join_partnership

    def create_arguments(self, request):
        return valid_input(
            PartnershipJoinRequestCreateSerializer,
            request,
            partnerships=visible_partnerships(request.user).select_related("area", "call"),
            clusters=visible_clusters(request.user),
        )
