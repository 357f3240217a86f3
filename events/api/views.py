from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import User
from core.api.caching import VisitorCachedMixin
from core.api.schema import Write, described
from core.api.serializers import ReasonSerializer
from core.api.views import (
    CallerRecordsViewSet,
    PageFilterSetMixin,
    WritableBySlugViewSet,
    created,
    transition,
    valid_input,
)
from events import services
from events.choices import RegistrationStatus
from events.filters import EventFilter
from events.matching import participants_for
from events.models import Event, Meeting, Registration
from events.permissions import can_see_participants, events_with_online_link, visible_events

from .serializers import (
    CancelSerializer,
    EventCreateSerializer,
    EventSerializer,
    EventWriteSerializer,
    MeetingCreateSerializer,
    MeetingSerializer,
    ParticipantSerializer,
    RegistrationCreateSerializer,
    RegistrationSerializer,
)


@described(
    list="List events: conferences, meetings, workshops, webinars",
    retrieve="Get one event by its slug",
    create=Write(
        "Organise an event",
        EventCreateSerializer,
        "Of a partnership (its coordinator and the area's leads), of an area "
        "(its leads) or, without either, of the platform (moderators).",
    ),
    partial_update=Write("Change an event (organisers)", EventWriteSerializer),
)
class EventViewSet(VisitorCachedMixin, PageFilterSetMixin, WritableBySlugViewSet):
    """Events of the platform and of the areas and partnerships the caller may see; their
    organisers create, change and cancel them."""

    queryset = Event.objects.all()
    serializer_class = EventSerializer
    filterset_class = EventFilter
    create_serializer_class = EventCreateSerializer
    create_service = services.create_event
    update_serializer_class = EventWriteSerializer

    def change(self, event, **fields):
        return services.update_event(user=self.request.user, event=event, **fields)

    @transition("Cancel an event (organisers), telling everyone registered why", CancelSerializer)
    def cancel(self, event, reason):
        return services.cancel_event(user=self.request.user, event=event, reason=reason)

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

    @extend_schema(
        summary="List the other participants of a matchmaking event, suggestions first",
        responses=ParticipantSerializer(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def participants(self, request, slug=None):
        event = self.get_object()
        if not can_see_participants(request.user, event):
            raise PermissionDenied(_("Bilateral meetings are for the registered participants."))
        people = participants_for(request.user, event)
        return Response(ParticipantSerializer(people, many=True).data)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = self.request.user
        if user.is_authenticated:
            context["linked_event_ids"] = set(
                events_with_online_link(user).values_list("pk", flat=True)
            )
        return context


@described(
    list="List your event registrations",
    retrieve="Get one of your event registrations",
    create=Write(
        "Register for an event",
        RegistrationCreateSerializer,
        "Takes a place, or a place on the waiting list when the event is full.",
    ),
)
class RegistrationViewSet(mixins.CreateModelMixin, CallerRecordsViewSet):
    """The caller's own registrations; nobody else's are ever reachable."""

    queryset = Registration.objects.all()
    serializer_class = RegistrationSerializer
    filterset_fields = ["status"]
    ordering_fields = ["registered_at", "status"]
    ordering = ["-registered_at"]

    def get_queryset(self):
        return Registration.objects.filter(user=self.request.user).select_related("event")

    def create(self, request, *args, **kwargs):
        event = valid_input(RegistrationCreateSerializer, request)["event"]
        registration = services.register(user=request.user, event=event)
        return created(self.get_serializer(registration).data)

    @transition("Cancel your registration (the first on the waiting list moves up)")
    def cancel(self, registration):
        services.cancel_registration(user=self.request.user, event=registration.event)
        return registration


@described(
    list="List your bilateral meetings at matchmaking events",
    retrieve="Get one of your bilateral meetings",
    create=Write(
        "Ask another participant of a matchmaking event for a bilateral meeting",
        MeetingCreateSerializer,
    ),
    accept="Accept a meeting you were asked for (it gets a slot and a table)",
    decline=Write("Decline a meeting you were asked for", ReasonSerializer),
    cancel="Cancel a meeting asked for or agreed",
)
class MeetingViewSet(mixins.CreateModelMixin, CallerRecordsViewSet):
    """The caller's own meetings, asked for or asked of them."""

    queryset = Meeting.objects.all()
    serializer_class = MeetingSerializer
    filterset_fields = ["status"]
    ordering_fields = ["starts_at", "created_at", "status"]
    ordering = ["starts_at", "created_at"]

    def get_queryset(self):
        user = self.request.user
        return Meeting.objects.filter(Q(requester=user) | Q(invitee=user)).select_related(
            "event", "requester", "invitee"
        )

    def create(self, request, *args, **kwargs):
        data = valid_input(MeetingCreateSerializer, request)
        invitee = User.objects.filter(pk=data["invitee"]).first()
        if invitee is None:
            raise ValidationError({"invitee": _("No such participant.")})
        meeting = services.request_meeting(
            user=request.user, event=data["event"], invitee=invitee, message=data["message"]
        )
        return created(self.get_serializer(meeting).data)

    def _answer(self, service, **arguments):
        meeting = self.get_object()
        service(user=self.request.user, meeting_id=meeting.pk, **arguments)
        return Response(self.fresh_data(meeting))

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._answer(services.accept_meeting)

    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        reason = valid_input(ReasonSerializer, request)["reason"]
        return self._answer(services.decline_meeting, reason=reason)

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._answer(services.cancel_meeting)
