from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from partnerships import services
from partnerships.filters import CallFilter, PartnershipFilter
from partnerships.models import Call, Partnership, PartnershipJoinRequest, PartnershipMembership
from partnerships.permissions import visible_join_requests, visible_partnerships
from regions.permissions import visible_clusters
from s3p_portal.api.filtering import FILTERSET_ORDERED
from s3p_portal.api.serializers import ReasonSerializer

from .serializers import (
    CallSerializer,
    PartnershipJoinRequestCreateSerializer,
    PartnershipJoinRequestSerializer,
    PartnershipSerializer,
)

SLUG = r"[-a-zA-Z0-9_]+"


@extend_schema_view(
    list=extend_schema(summary="List calls for expressions of interest"),
    retrieve=extend_schema(summary="Get one call by its slug"),
)
class CallViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Call.objects.all()
    serializer_class = CallSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG
    filterset_class = CallFilter
    filter_backends = FILTERSET_ORDERED
    search_fields = ["title", "description"]


@extend_schema_view(
    list=extend_schema(summary="List partnerships of cluster organisations"),
    retrieve=extend_schema(summary="Get one partnership by its slug"),
)
class PartnershipViewSet(viewsets.ReadOnlyModelViewSet):
    """Partnerships are visible with their thematic area."""

    queryset = Partnership.objects.all()
    serializer_class = PartnershipSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG
    filterset_class = PartnershipFilter
    filter_backends = FILTERSET_ORDERED
    search_fields = ["name", "description"]

    def get_queryset(self):
        current = PartnershipMembership.objects.current().select_related("cluster")
        return (
            visible_partnerships(self.request.user)
            .select_related("area", "coordinator", "call")
            .prefetch_related(Prefetch("memberships", current, to_attr="current_members"))
        )


@extend_schema_view(
    list=extend_schema(summary="List partnership join requests you made or may decide"),
    retrieve=extend_schema(summary="Get one partnership join request"),
    create=extend_schema(
        summary="Ask for a cluster to join a partnership",
        description="Accepted only while the partnership's call is open.",
        request=PartnershipJoinRequestCreateSerializer,
        responses={201: PartnershipJoinRequestSerializer},
    ),
)
class PartnershipJoinRequestViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Requests of the caller's clusters and those the caller decides; moderators see all."""

    queryset = PartnershipJoinRequest.objects.all()
    serializer_class = PartnershipJoinRequestSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = r"[0-9]+"
    filterset_fields = ["status"]
    ordering_fields = ["created_at", "decided_at", "status"]
    ordering = ["-created_at"]

    def get_queryset(self):
        return visible_join_requests(self.request.user).select_related("partnership", "cluster")

    def create(self, request, *args, **kwargs):
        data = PartnershipJoinRequestCreateSerializer(
            data=request.data,
            partnerships=visible_partnerships(request.user).select_related("area", "call"),
            clusters=visible_clusters(request.user),
        )
        data.is_valid(raise_exception=True)
        join_request = services.request_to_join_partnership(
            user=request.user, **data.validated_data
        )
        return Response(self.get_serializer(join_request).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Approve a request to join a partnership (coordinator or area leads)",
        request=ReasonSerializer,
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        decided = services.approve_partnership_join_request(
            request_id=self.get_object().pk, user=request.user, reason=self._reason(request)
        )
        return Response(self.get_serializer(decided).data)

    @extend_schema(
        summary="Reject a request to join a partnership (coordinator or area leads)",
        request=ReasonSerializer,
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        decided = services.reject_partnership_join_request(
            request_id=self.get_object().pk, user=request.user, reason=self._reason(request)
        )
        return Response(self.get_serializer(decided).data)

    @extend_schema(summary="Withdraw your cluster's request to join a partnership", request=None)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        withdrawn = services.withdraw_partnership_join_request(
            request_id=self.get_object().pk, user=request.user
        )
        return Response(self.get_serializer(withdrawn).data)

    def _reason(self, request):
        reason = ReasonSerializer(data=request.data)
        reason.is_valid(raise_exception=True)
        return reason.validated_data["reason"]
