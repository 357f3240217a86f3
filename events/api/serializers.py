from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import OptionalURLField, StrictSerializer
from core.demo_switch import IS_DEMO_FIELD
from events.models import Event, Meeting, Registration


class EventSerializer(serializers.ModelSerializer):
    """An event; its online link only for its registered participants and organisers."""

    url = serializers.HyperlinkedIdentityField(view_name="api:event-detail", lookup_field="slug")
    page = serializers.CharField(source="get_absolute_url", read_only=True)
    area = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    organiser_region = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    organiser_cluster = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    venue_region = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    is_online = serializers.SerializerMethodField(
        help_text=_("Whether it can be joined online (the link is for participants).")
    )
    online_url = serializers.SerializerMethodField(
        help_text=_(
            "The online meeting link, for registered participants and organisers; null otherwise."
        )
    )
    registered = serializers.IntegerField(read_only=True, help_text=_("Places taken."))
    waiting = serializers.IntegerField(read_only=True, help_text=_("People on the waiting list."))
    registration_open = serializers.SerializerMethodField()
    source_url = OptionalURLField()

    class Meta:
        model = Event
        fields = [
            "url",
            "page",
            "slug",
            "kind",
            "title",
            "description",
            "area",
            "partnership",
            "organiser_region",
            "organiser_cluster",
            "starts_at",
            "ends_at",
            "time_zone",
            "venue",
            "venue_region",
            "is_online",
            "online_url",
            "language",
            "capacity",
            "registered",
            "waiting",
            "registration_opens_at",
            "registration_closes_at",
            "registration_open",
            "audience",
            "cancelled_at",
            "source_url",
            "is_demo",
        ]
        extra_kwargs = {"is_demo": IS_DEMO_FIELD}

    def get_is_online(self, event) -> bool:
        return bool(event.online_url)

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_online_url(self, event) -> str | None:
        linked = self.context.get("linked_event_ids", set())
        return event.online_url if event.online_url and event.pk in linked else None

    def get_registration_open(self, event) -> bool:
        return event.registration_is_open()


class RegistrationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:event-registration-detail")
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    event_url = serializers.HyperlinkedRelatedField(
        source="event", view_name="api:event-detail", lookup_field="slug", read_only=True
    )

    class Meta:
        model = Registration
        fields = [
            "url",
            "id",
            "event",
            "event_url",
            "status",
            "registered_at",
            "cancelled_at",
            "attended",
        ]


class RegistrationCreateSerializer(StrictSerializer):
    event = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Event.objects.none(),
        help_text=_("Slug of the event to register for."),
    )

    def __init__(self, *args, events=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what the caller can see, so an answer never tells a hidden one exists.
        if events is not None:
            self.fields["event"].queryset = events


class ParticipantSerializer(serializers.Serializer):
    """Another participant of a matchmaking event, as the participants see each other."""

    user = serializers.IntegerField(
        source="registration.user_id", help_text=_("Their id, to ask them for a meeting.")
    )
    name = serializers.CharField(source="registration.user")
    organisation = serializers.SerializerMethodField()
    offers = serializers.CharField(source="registration.offers")
    seeks = serializers.CharField(source="registration.seeks")
    shared_priorities = serializers.SerializerMethodField(
        help_text=_("The priorities their organisation shares with yours, as scheme:code.")
    )

    def get_organisation(self, participant) -> str | None:
        organisation = participant.registration.organisation
        return str(organisation) if organisation else None

    def get_shared_priorities(self, participant) -> list[str]:
        return [f"{p.scheme}:{p.code}" for p in participant.shared]


class MeetingSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:meeting-detail")
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    requester = serializers.StringRelatedField()
    invitee = serializers.StringRelatedField()
    ends_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Meeting
        fields = [
            "url",
            "id",
            "event",
            "requester",
            "invitee",
            "message",
            "status",
            "starts_at",
            "ends_at",
            "table",
            "reason",
            "created_at",
            "decided_at",
        ]


class MeetingCreateSerializer(StrictSerializer):
    event = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Event.objects.none(),
        help_text=_("Slug of the matchmaking event."),
    )
    invitee = serializers.IntegerField(
        min_value=1,
        help_text=_("The id of the participant to meet (from the event's participants)."),
    )
    message = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")

    def __init__(self, *args, events=None, **kwargs):
        super().__init__(*args, **kwargs)
        if events is not None:
            self.fields["event"].queryset = events
