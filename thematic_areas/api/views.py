from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from rest_framework import mixins, viewsets

from core.api.caching import VisitorCachedMixin
from core.api.join_requests import JoinRequestViewSet, join_request_schema
from core.api.schema import Write, described
from core.api.serializers import ReasonSerializer
from core.api.views import (
    BySlugMixin,
    CreatedByServiceMixin,
    PageFilterSetMixin,
    transition,
)
from regions.models import Priority, Region
from thematic_areas import services
from thematic_areas.filters import AreaFilter
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


@described(
    list="List thematic areas",
    retrieve="Get one thematic area by its slug",
    create=Write(
        "Propose a thematic area",
        AreaProposalSerializer,
        "A representative of `region` proposes an area that the region would lead. "
        "It stays private to the region and moderators until a moderator approves it.",
    ),
)
class AreaViewSet(
    VisitorCachedMixin,
    BySlugMixin,
    CreatedByServiceMixin,
    PageFilterSetMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Active and closed areas for everyone; proposals for their region and moderators."""

    queryset = ThematicArea.objects.all()
    serializer_class = AreaSerializer
    filterset_class = AreaFilter
    create_serializer_class = AreaProposalSerializer
    create_service = services.propose_area

    def get_queryset(self):
        return areas_for_api(self.request.user)

    @transition("Approve a proposed area (moderators)")
    def approve(self, area):
        return services.approve_area(area_id=area.pk, moderator=self.request.user)

    @transition("Reject a proposed area (moderators)", ReasonSerializer)
    def reject(self, area, reason):
        return services.reject_area(area_id=area.pk, moderator=self.request.user, reason=reason)


class AreaMembershipsMixin:
    serializer_class = AreaMembershipSerializer
    queryset = AreaMembership.objects.all()
    ordering_fields = ["joined_at", "left_at", "role"]

    def area(self):
        return get_object_or_404(visible_areas(self.request.user), slug=self.kwargs["area_slug"])

    def memberships(self):
        return self.area().memberships.select_related("region")


@described(list="List an area's current member regions")
class AreaMemberViewSet(AreaMembershipsMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    ordering = ["role", "joined_at"]

    def get_queryset(self):
        return self.memberships().filter(left_at__isnull=True)


@described(list="List an area's memberships, past and current")
class AreaMembershipHistoryViewSet(
    AreaMembershipsMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    ordering = ["joined_at"]

    def get_queryset(self):
        return self.memberships()


@described(list="List the thematic areas a region is a member of")
class RegionAreaViewSet(PageFilterSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = ThematicArea.objects.all()
    serializer_class = AreaSerializer
    filterset_class = AreaFilter

    def get_queryset(self):
        region = get_object_or_404(Region, code=self.kwargs["region_code"].upper())
        current = AreaMembership.objects.current().filter(region=region)
        return areas_for_api(self.request.user).filter(pk__in=current.values("area"))


@join_request_schema("area", "region", "its leads")
class AreaJoinRequestViewSet(JoinRequestViewSet):
    """Requests of the caller's regions and to the areas they lead; moderators see all."""

    queryset = AreaJoinRequest.objects.all()
    serializer_class = AreaJoinRequestSerializer
    create_serializer_class = AreaJoinRequestCreateSerializer
    kind = AREA_REQUESTS
    create_service = services.request_to_join_area
