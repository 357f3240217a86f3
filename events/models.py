import datetime
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.model_tools import (
    HideableQuerySet,
    OwnPage,
    at_most_one_of,
    check_constraint,
    hidden_by_moderator,
    optional_link,
    unique_constraint,
)
from partnerships.models import Partnership
from regions.models import Cluster, Region
from thematic_areas.models import ThematicArea

from .choices import (
    Audience,
    DocumentKind,
    EventKind,
    Language,
    MeetingStatus,
    RegistrationStatus,
    Visibility,
)
from .uploads import extension


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(zone)s” is not a known time zone."), params={"zone": value})


class EventQuerySet(HideableQuerySet):
    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now())


class Event(OwnPage):
    """A meeting of the platform, of a thematic area or of a partnership.

    Without an area it is an event of the whole platform; a partnership's
    event also names the partnership's area, so that an area's page and
    filters find the events of its partnerships too.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True)
    area = optional_link(ThematicArea, related_name="events", verbose_name=_("thematic area"))
    partnership = optional_link(Partnership, related_name="events", verbose_name=_("partnership"))
    # Neither: the European Commission organises it.
    organiser_region = optional_link(
        Region, related_name="organised_events", verbose_name=_("organising region")
    )
    organiser_cluster = optional_link(
        Cluster, related_name="organised_events", verbose_name=_("organising cluster")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("time zone"), max_length=60, default="Europe/Brussels", validators=[validate_time_zone]
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    venue_region = optional_link(Region, related_name="+", verbose_name=_("region of the venue"))
    online_url = models.URLField(
        _("online meeting link"),
        max_length=500,
        blank=True,
        help_text=_("Shown only to registered participants and the organisers."),
    )
    language = models.CharField(_("language"), max_length=2, choices=Language, default=Language.EN)
    capacity = models.PositiveIntegerField(
        _("places"),
        validators=[MinValueValidator(1)],
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit; when full, people join a waiting list."),
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    audience = models.CharField(
        _("who may register"), max_length=20, choices=Audience, default=Audience.MEMBERS
    )
    # The bilateral meetings of a matchmaking event: slots of this length from
    # the start to the end, at this many tables.
    meeting_minutes = models.PositiveSmallIntegerField(
        _("length of a bilateral meeting (minutes)"),
        default=30,
        validators=[MinValueValidator(10), MaxValueValidator(240)],
    )
    meeting_tables = models.PositiveSmallIntegerField(
        _("tables for bilateral meetings"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    # Set for events known from public sources (the 2016 launch conference).
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    is_hidden = hidden_by_moderator(_("Hidden events are not listed."))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = EventQuerySet.as_manager()
    page_url = "events:event_detail"

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [
            # The events list, the calendar and the feeds, by date.
            models.Index(fields=["starts_at"], name="events_event_starts_at"),
            models.Index(fields=["ends_at"], name="events_event_ends_at"),
            # Filters by kind.
            models.Index(fields=["kind", "starts_at"], name="events_event_kind"),
        ]
        constraints = [
            check_constraint(Q(ends_at__gt=F("starts_at")), name="ends_after_start"),
            check_constraint(
                Q(partnership__isnull=True) | Q(area__isnull=False), name="partnership_in_area"
            ),
            check_constraint(
                at_most_one_of("organiser_region", "organiser_cluster"), name="one_organiser"
            ),
            check_constraint(~Q(venue="") | ~Q(online_url=""), name="venue_or_online"),
            check_constraint(
                Q(capacity__isnull=True) | Q(capacity__gt=0), name="capacity_positive"
            ),
            check_constraint(
                Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="registration_window",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.zone)

    @property
    def organiser(self) -> Region | Cluster | None:
        """The region or cluster that organises the event; None for the Commission."""
        return self.organiser_cluster or self.organiser_region

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def has_ended(self) -> bool:
        return self.ends_at < timezone.now()

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event must end after it starts.")
        if not self.venue.strip() and not self.online_url:
            errors["venue"] = _("Give the venue, an online meeting link, or both.")
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        elif closes and self.ends_at and closes > self.ends_at:
            errors["registration_closes_at"] = _("Registration must close before the event ends.")
        if errors:
            raise ValidationError(errors)

    @property
    def has_meetings(self) -> bool:
        return self.kind == EventKind.MATCHMAKING

    def meeting_slots(self) -> list[datetime.datetime]:
        """The starts of the bilateral meetings' slots, each ending by the event's end."""
        length = datetime.timedelta(minutes=self.meeting_minutes)
        slots, start = [], self.starts_at
        while start + length <= self.ends_at:
            slots.append(start)
            start += length
        return slots

    def registration_is_open(self, now=None) -> bool:
        """Open from the opening (or at once) until the closing (or the start)."""
        now = now or timezone.now()
        closes = self.registration_closes_at or self.starts_at
        opens = self.registration_opens_at
        return not self.is_cancelled and (opens is None or opens <= now) and now < closes


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waiting(self):
        """The waiting list, first come first served."""
        return self.filter(status=RegistrationStatus.WAITING).order_by("registered_at", "pk")

    def active(self):
        return self.exclude(status=RegistrationStatus.CANCELLED)


class Registration(models.Model):
    """A user's place at an event, or in its waiting list; kept when cancelled.

    One row per user and event: registering again after cancelling reuses
    it, at the end of the queue.
    """

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # None until the organisers mark attendance after the event.
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    # The participant's profile at a matchmaking event, seen by the other participants.
    organisation_region = optional_link(
        Region, related_name="+", verbose_name=_("representing the region")
    )
    organisation_cluster = optional_link(
        Cluster, related_name="+", verbose_name=_("representing the cluster")
    )
    offers = models.TextField(_("what you offer"), blank=True)
    seeks = models.TextField(_("what you seek"), blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["registered_at", "pk"]
        indexes = [
            # Places taken and the waiting list of an event, in order.
            models.Index(
                fields=["event", "status", "registered_at"], name="events_registration_queue"
            ),
        ]
        constraints = [
            unique_constraint("event", "user", name="one_per_user"),
            check_constraint(
                at_most_one_of("organisation_region", "organisation_cluster"),
                name="one_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.event}"

    @property
    def organisation(self) -> Region | Cluster | None:
        return self.organisation_cluster or self.organisation_region


def document_path(document: "EventDocument", filename: str) -> str:
    # A random name: never a path or a name chosen by whoever uploads.
    return f"events/{document.event_id}/{uuid.uuid4().hex}.{extension(filename)}"


class EventDocumentQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility=Visibility.PUBLIC)


class EventDocument(models.Model):
    """An agenda before the event; minutes, decisions and documents after: a text, a file
    (stored through Django's storage API, checked by `events.uploads`), or both."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to=document_path, blank=True, max_length=300)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    visibility = models.CharField(
        _("who may read it"), max_length=10, choices=Visibility, default=Visibility.PUBLIC
    )
    uploaded_by = optional_link(settings.AUTH_USER_MODEL, related_name="+")
    created_at = models.DateTimeField(_("published at"), default=timezone.now)

    objects = EventDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("event document")
        verbose_name_plural = _("event documents")
        ordering = ["created_at", "pk"]
        constraints = [
            check_constraint(~Q(text="") | ~Q(file=""), name="text_or_file"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:document_download", args=[self.event.slug, self.pk])


class Meeting(models.Model):
    """A bilateral meeting asked for at a matchmaking event; once accepted it has a slot
    and a table. Neither person nor table is booked twice at once: the table by the
    constraint below, each person by the service, which books with the event locked."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="meetings")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus, default=MeetingStatus.REQUESTED
    )
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    table = models.PositiveSmallIntegerField(_("table"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bilateral meeting")
        verbose_name_plural = _("bilateral meetings")
        ordering = ["starts_at", "created_at", "pk"]
        indexes = [
            # A participant's agenda and requests at an event.
            models.Index(fields=["event", "status", "starts_at"], name="events_meeting_schedule"),
        ]
        constraints = [
            check_constraint(~Q(requester=F("invitee")), name="two_people"),
            check_constraint(
                ~Q(status=MeetingStatus.ACCEPTED) | Q(starts_at__isnull=False, table__isnull=False),
                name="accepted_has_slot",
            ),
            unique_constraint(
                "event",
                "starts_at",
                "table",
                name="one_per_table",
                condition=Q(status=MeetingStatus.ACCEPTED),
            ),
            unique_constraint(
                "event",
                "requester",
                "invitee",
                name="one_open_per_pair",
                condition=Q(status__in=[MeetingStatus.REQUESTED, MeetingStatus.ACCEPTED]),
            ),
        ]

    def __str__(self):
        return f"{self.requester} — {self.invitee} ({self.event})"

    @property
    def ends_at(self):
        if self.starts_at is None:
            return None
        return self.starts_at + datetime.timedelta(minutes=self.event.meeting_minutes)

    def other(self, user):
        return self.invitee if user.pk == self.requester_id else self.requester
