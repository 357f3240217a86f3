from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.caching import VisitorCachedListMixin
from core.api.filtering import FILTERSET_ORDERED
from core.api.join_requests import JoinRequestViewSet
from core.api.serializers import ReasonSerializer
from core.api.views import BySlugMixin, FreshDataMixin, created, valid_input
from regions.models import Priority, Region
from thematic_areas import services
from thematic_areas.filters import AREA_SEARCH, AreaFilter
from thematic_areas.membership import AREA_REQUESTS
from thematic_areas.models import AreaJoinRequest, AreaMembership, ThematicArea
from thematic_areas.permissions import visible_areas

from .serializers import (
    AreaJoinRequestCreateSerializer,
    AreaJoinRequestSerializer,
    AreaMembershipSerializer,
    AreaProposalSerializer,
    AreaSerializer,
)


def areas_for_api(user):
    # The serializer reads only the priorities' codes (and the memberships'
    # codes and roles, `AreaSerializer.attach`): loading wide rows whole cost
    # most of the request.
    priorities = Priority.objects.only("scheme", "code")
    return (
        visible_areas(user)
        .select_related("proposing_region")
        .prefetch_related(
            Prefetch("priorities", priorities),
            "sources",
            "named_participants",
        )
    )


@extend_schema_view(
    list=extend_schema(summary="List thematic areas"),
    retrieve=extend_schema(summary="Get one thematic area by its slug"),
    create=extend_schema(
        summary="Propose a thematic area",
        description="A representative of `region` proposes an area that the region would lead. "
        "It stays private to the region and moderators until a moderator approves it.",
        request=AreaProposalSerializer,
        responses={201: AreaSerializer},
    ),
)
class AreaViewSet(
    VisitorCachedListMixin,
    BySlugMixin,
    mixins.CreateModelMixin,
    FreshDataMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Active and closed areas for everyone; proposals for their region and moderators."""

    queryset = ThematicArea.objects.all()
    serializer_class = AreaSerializer
    filterset_class = AreaFilter
    filter_backends = FILTERSET_ORDERED
    search_fields = AREA_SEARCH.fields

    def get_queryset(self):
        return areas_for_api(self.request.user)

    def create(self, request, *args, **kwargs):
        proposal = valid_input(AreaProposalSerializer, request)
        area = services.propose_area(user=request.user, **proposal)
        return created(self.fresh_data(area))

    @extend_schema(summary="Approve a proposed area (moderators)", request=None)
    @action(detail=True, methods=["post"])
    def approve(self, request, slug=None):
        area = services.approve_area(area_id=self.get_object().pk, moderator=request.user)
        return Response(self.fresh_data(area))

    @extend_schema(summary="Reject a proposed area (moderators)", request=ReasonSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, slug=None):
        area = self.get_object()
        reason = valid_input(ReasonSerializer, request)["reason"]
        area = services.reject_area(area_id=area.pk, moderator=request.user, reason=reason)
        return Response(self.fresh_data(area))


class AreaMembershipsMixin:
    serializer_class = AreaMembershipSerializer
    queryset = AreaMembership.objects.all()
    ordering_fields = ["joined_at", "left_at", "role"]

    def area(self):
        return get_object_or_404(visible_areas(self.request.user), slug=self.kwargs["area_slug"])

    def memberships(self):
        return self.area().memberships.select_related("region")


@extend_schema_view(list=extend_schema(summary="List an area's current member regions"))
class AreaMemberViewSet(AreaMembershipsMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    ordering = ["role", "joined_at"]

    def get_queryset(self):
        return self.memberships().filter(left_at__isnull=True)


@extend_schema_view(list=extend_schema(summary="List an area's memberships, past and current"))
class AreaMembershipHistoryViewSet(
    AreaMembershipsMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    ordering = ["joined_at"]

    def get_queryset(self):
        return self.memberships()


@extend_schema_view(list=extend_schema(summary="List the thematic areas a region is a member of"))
class RegionAreaViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = ThematicArea.objects.all()
    serializer_class = AreaSerializer
    filterset_class = AreaFilter
    filter_backends = FILTERSET_ORDERED
    search_fields = AREA_SEARCH.fields

    def get_queryset(self):
        region = get_object_or_404(Region, code=self.kwargs["region_code"].upper())
        current = AreaMembership.objects.current().filter(region=region)
        return areas_for_api(self.request.user).filter(pk__in=current.values("area"))


@extend_schema_view(
    list=extend_schema(summary="List area join requests you made or may decide"),
    retrieve=extend_schema(summary="Get one area join request"),
    create=extend_schema(
        summary="Ask for a region to join an area",
        request=AreaJoinRequestCreateSerializer,
        responses={201: AreaJoinRequestSerializer},
    ),
    approve=extend_schema(summary="Approve a request to join an area (its leads)"),
    reject=extend_schema(summary="Reject a request to join an area (its leads)"),
    withdraw=extend_schema(summary="Withdraw your region's request to join an area"),
)
class AreaJoinRequestViewSet(JoinRequestViewSet):
    """Requests of the caller's regions and to the areas they lead; moderators see all."""

    queryset = AreaJoinRequest.objects.all()
    serializer_class = AreaJoinRequestSerializer
    kind = AREA_REQUESTS
    request_service = services.request_to_join_area

    def create_arguments(self, request):
        return valid_input(
            AreaJoinRequestCreateSerializer, request, areas=visible_areas(request.user)
        )
