from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import (
    CallerInputSerializer,
    OptionalURLField,
    StrictSerializer,
    VisibleSlugField,
    related_url_field,
)
from core.demo_switch import IS_DEMO_FIELD
from events.choices import Audience, EventKind, Language
from events.models import Event, Meeting, Registration
from events.permissions import visible_events
from partnerships.api.serializers import area_or_partnership_fields
from regions.api.fields import RegionCodeField


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
    event_url = related_url_field("api:event-detail", "event")

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


class RegistrationCreateSerializer(CallerInputSerializer):
    event = VisibleSlugField(
        Event.objects.none(), visible_events, help_text=_("Slug of the event to register for.")
    )


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


class MeetingCreateSerializer(CallerInputSerializer):
    event = VisibleSlugField(
        Event.objects.none(), visible_events, help_text=_("Slug of the matchmaking event.")
    )
    invitee = serializers.IntegerField(
        min_value=1,
        help_text=_("The id of the participant to meet (from the event's participants)."),
    )
    message = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class EventWriteSerializer(StrictSerializer):
    """An event as its organisers write it (PATCH: any subset of the fields).

    Moments are ISO 8601 with their offset (`2027-03-10T09:30:00+01:00`); the
    time zone says on which clock the pages show them.
    """

    kind = serializers.ChoiceField(choices=EventKind.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=10000, allow_blank=True)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    time_zone = serializers.CharField(max_length=60, help_text=_("IANA name, e.g. Europe/Lisbon."))
    venue = serializers.CharField(max_length=300, allow_blank=True)
    venue_region = RegionCodeField(required=False, allow_null=True)
    online_url = serializers.URLField(max_length=500, allow_blank=True)
    language = serializers.ChoiceField(choices=Language.choices)
    capacity = serializers.IntegerField(min_value=1, allow_null=True)
    registration_opens_at = serializers.DateTimeField(allow_null=True)
    registration_closes_at = serializers.DateTimeField(allow_null=True)
    audience = serializers.ChoiceField(choices=Audience.choices)
    meeting_minutes = serializers.IntegerField(min_value=10, max_value=240)
    meeting_tables = serializers.IntegerField(min_value=1, max_value=1000)


class EventCreateSerializer(CallerInputSerializer, EventWriteSerializer):
    """A new event of a partnership, else of an area, else of the platform (moderators)."""

    area, partnership = area_or_partnership_fields(
        _("Slug of the area whose event it is."),
        _("Slug of the partnership whose event it is (its area is implied)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The fields an event may leave out, with the model's defaults.
        for name in (
            "description",
            "venue",
            "online_url",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "language",
            "audience",
            "time_zone",
            "meeting_minutes",
            "meeting_tables",
        ):
            field = self.fields[name]
            field.required = False
            model_field = Event._meta.get_field(name)
            field.default = model_field.get_default()


class CancelSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=500, help_text=_("Told to everyone registered."))
