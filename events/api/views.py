from django.db.models import Count, Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.caching import VisitorCachedListMixin
from core.api.filtering import FILTERSET_ORDERED
from core.api.views import created
from events import services
from events.choices import RegistrationStatus
from events.filters import EVENT_SEARCH, EventFilter
from events.models import Event, Registration
from events.permissions import events_with_online_link, visible_events

from .serializers import EventSerializer, RegistrationCreateSerializer, RegistrationSerializer

SLUG = r"[-a-zA-Z0-9_]+"


@extend_schema_view(
    list=extend_schema(summary="List events: conferences, meetings, workshops, webinars"),
    retrieve=extend_schema(summary="Get one event by its slug"),
)
class EventViewSet(VisitorCachedListMixin, viewsets.ReadOnlyModelViewSet):
    """Events of the platform and of the areas and partnerships the caller may see."""

    queryset = Event.objects.all()
    serializer_class = EventSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG
    filterset_class = EventFilter
    filter_backends = FILTERSET_ORDERED
    search_fields = EVENT_SEARCH.fields

    def get_queryset(self):
        return (
            visible_events(self.request.user)
            .select_related(
                "area", "partnership", "organiser_region", "organiser_cluster", "venue_region"
            )
            .annotate(
                registered=Count(
                    "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
                ),
                waiting=Count(
                    "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)
                ),
            )
            .order_by("starts_at", "pk")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = self.request.user
        if user.is_authenticated:
            context["linked_event_ids"] = set(
                events_with_online_link(user).values_list("pk", flat=True)
            )
        return context


@extend_schema_view(
    list=extend_schema(summary="List your event registrations"),
    retrieve=extend_schema(summary="Get one of your event registrations"),
    create=extend_schema(
        summary="Register for an event",
        description="Takes a place, or a place on the waiting list when the event is full.",
        request=RegistrationCreateSerializer,
        responses={201: RegistrationSerializer},
    ),
)
class RegistrationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The caller's own registrations; nobody else's are ever reachable."""

    queryset = Registration.objects.all()
    serializer_class = RegistrationSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = r"[0-9]+"
    filterset_fields = ["status"]
    ordering_fields = ["registered_at", "status"]
    ordering = ["-registered_at"]

    def get_queryset(self):
        return Registration.objects.filter(user=self.request.user).select_related("event")

    def create(self, request, *args, **kwargs):
        data = RegistrationCreateSerializer(data=request.data, events=visible_events(request.user))
        data.is_valid(raise_exception=True)
        registration = services.register(user=request.user, event=data.validated_data["event"])
        return created(self.get_serializer(registration).data)

    @extend_schema(
        summary="Cancel your registration (the first on the waiting list moves up)",
        request=None,
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        registration = self.get_object()
        services.cancel_registration(user=request.user, event=registration.event)
        return Response(self.get_serializer(self.get_queryset().get(pk=registration.pk)).data)
