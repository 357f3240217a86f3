from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.caching import VisitorCachedMixin
from core.api.schema import Write, described
from core.api.views import ID_PATTERN, BySlugMixin, PageFilterSetMixin
from core.moderators import is_moderator
from regions import services
from regions.filters import ClusterFilter, RegionFilter
from regions.models import Cluster, Priority, Region, Ris3Priority
from regions.permissions import represented_clusters, represented_regions, visible_clusters
from regions.pickers import PRIORITY_SEARCH

from .serializers import (
    ClusterProfileSerializer,
    ClusterSerializer,
    MeSerializer,
    PrioritySerializer,
    RegionSerializer,
)

NUTS_CODE = r"[A-Za-z]{2}[0-9A-Za-z]{0,3}"


@described(list="List NUTS regions", retrieve="Get one region by its NUTS code")
class RegionViewSet(VisitorCachedMixin, PageFilterSetMixin, viewsets.ReadOnlyModelViewSet):
    """Countries and NUTS 1, 2 and 3 regions, looked up by NUTS code."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    lookup_field = "code"
    lookup_value_regex = NUTS_CODE
    filterset_class = RegionFilter

    def get_queryset(self):
        return Region.objects.select_related("parent").prefetch_related(
            "priorities",
            Prefetch(
                "ris3_priorities",
                queryset=Ris3Priority.objects.filter(hidden=False).prefetch_related("codes"),
                to_attr="visible_ris3_priorities",
            ),
        )

    def get_object(self):
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()


@described(list="List smart-specialisation priorities", retrieve="Get one priority")
class PriorityViewSet(viewsets.ReadOnlyModelViewSet):
    """NACE, NABS and policy-objective codes that regions, clusters and areas declare."""

    queryset = Priority.objects.all()
    serializer_class = PrioritySerializer
    lookup_value_regex = ID_PATTERN
    search_fields = PRIORITY_SEARCH.fields
    ordering_fields = ["scheme", "code", "name"]
    ordering = ["scheme", "code"]

    def get_queryset(self):
        return Priority.objects.select_related("parent")


@described(
    list="List cluster organisations",
    retrieve="Get one cluster organisation",
    partial_update=Write(
        "Edit a cluster profile",
        ClusterProfileSerializer,
        "For the cluster's verified representatives and moderators; "
        "a published profile stays published.",
    ),
)
class ClusterViewSet(
    VisitorCachedMixin,
    BySlugMixin,
    mixins.UpdateModelMixin,
    PageFilterSetMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Published cluster profiles; the others only for their representatives and moderators."""

    queryset = Cluster.objects.all()
    serializer_class = ClusterSerializer
    http_method_names = ["get", "patch", "head", "options"]
    filterset_class = ClusterFilter

    def get_queryset(self):
        return (
            visible_clusters(self.request.user)
            .select_related("region")
            .prefetch_related("priorities")
        )

    def partial_update(self, request, *args, **kwargs):
        cluster = self.get_object()
        serializer = ClusterProfileSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        priorities = serializer.validated_data.get("priorities")
        services.update_cluster_profile(
            user=request.user,
            cluster=cluster,
            priorities=priorities,
            **serializer.profile_fields(),
        )
        return Response(self.get_serializer(self.get_object()).data)


class MeView(APIView):
    """The caller: for a token holder to check whom the token speaks for."""

    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Get who you are and whom you represent", responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = request.user
        me = {
            "email": user.email,
            "name": user.get_full_name(),
            "is_moderator": is_moderator(user),
            "regions": represented_regions(user).order_by("code"),
            "clusters": represented_clusters(user).order_by("name"),
        }
        return Response(MeSerializer(me, context={"request": request}).data)
