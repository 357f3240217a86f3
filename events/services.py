"""Events: create, change and cancel them; register, cancel, the waiting list, attendance.

Places are counted with the event's row locked (`select_for_update`), so
concurrent registrations queue on it and an event is never overbooked; a
cancellation moves the first of the waiting list up in the same
transaction.
"""

import datetime
from collections.abc import Callable, Iterable
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.slugs import unique_slug
from core.text import is_blank, single_line
from core.workflow import duplicate, locked_for_change, require_reason
from notifications.choices import Kind
from notifications.services import followers_of, notify_about
from partnerships.models import Partnership
from regions.models import Cluster, Region
from regions.permissions import represented_clusters, represented_regions
from thematic_areas.models import ThematicArea

from . import permissions
from .choices import Audience, DocumentKind, MeetingStatus, RegistrationStatus
from .models import Event, EventDocument, Meeting, Registration
from .uploads import check_upload

RESERVED_SLUGS = {"new", "calendar"}

# The fields an organiser fills in; scope and organiser are set by the service.
EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "time_zone",
    "venue",
    "venue_region",
    "online_url",
    "language",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "audience",
    "meeting_minutes",
    "meeting_tables",
)

REMINDERS = (("week", datetime.timedelta(days=7)), ("day", datetime.timedelta(days=1)))


def _when(event: Event) -> str:
    return formats.date_format(event.local_start, "DATETIME_FORMAT")


def _participants(event: Event, *statuses: str) -> QuerySet[User]:
    """The users registered for `event` with one of `statuses` (confirmed by default)."""
    return User.objects.filter(
        event_registrations__event=event,
        event_registrations__status__in=statuses or [RegistrationStatus.CONFIRMED],
    )


def _stamp(registration: Registration) -> int:
    """Tells apart the registrations of one row: a user may cancel and register again."""
    return int(registration.registered_at.timestamp() * 1_000_000)


def default_organiser(
    user: User, *, area: ThematicArea | None, partnership: Partnership | None
) -> Region | Cluster | None:
    """Who organises an event the user creates: the coordinator cluster they represent, else a
    lead region of the area they represent; the Commission (None) for a moderator otherwise."""
    if partnership is not None and partnership.coordinator_id is not None:
        coordinator = represented_clusters(user).filter(pk=partnership.coordinator_id).first()
        if coordinator is not None:
            return coordinator
    if area is not None:
        leads = area.memberships.leads().values("region")
        return represented_regions(user).filter(pk__in=leads).order_by("name").first()
    return None


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise ValueError(f"Not fields of an event: {sorted(unknown)}")
    if "title" in fields and is_blank(fields["title"]):
        raise ValidationError({"title": _("Give the event a title.")})


def create_event(
    *,
    user: User,
    area: ThematicArea | None = None,
    partnership: Partnership | None = None,
    **fields: Any,
) -> Event:
    """An event of `partnership`, else of `area`, else of the platform (moderators only),
    announced to those who follow the area or partnership (and to the invited)."""
    _check_fields(fields)
    if partnership is not None:
        area = partnership.area
    if not permissions.can_organise(user, area=area, partnership=partnership):
        raise PermissionDenied(_("You may not organise events here."))
    organiser = default_organiser(user, area=area, partnership=partnership)
    event = Event(
        **fields,
        area=area,
        partnership=partnership,
        organiser_region=organiser if isinstance(organiser, Region) else None,
        organiser_cluster=organiser if isinstance(organiser, Cluster) else None,
        slug=unique_slug(Event, fields["title"], fallback="event", reserved=RESERVED_SLUGS),
        created_by=user,
    )
    event.title = event.title.strip()
    event.full_clean()
    with transaction.atomic():
        event.save()
        announce_event(event, actor=user)
    return event


def announce_event(event: Event, *, actor: User) -> None:
    """Tell the followers of the event's area or partnership, and the invited, of a new event."""
    target = event.partnership or event.area
    recipients = set(followers_of(target)) if target is not None else set()
    if event.audience == Audience.INVITATION:
        recipients |= set(permissions.admitted_users(event))
    where = target or _("the platform")
    notify_about(
        event,
        recipients=recipients,
        kind=Kind.EVENT_ANNOUNCED,
        message=_("New event of %(where)s: “%(event)s”, %(when)s.")
        % {"where": where, "event": event, "when": _when(event)},
        actor=actor,
        dedupe_key=f"event-announced-{event.pk}",
    )


def _locked(event: Event, allowed: Callable[[Event], bool], refusal: str) -> Event:
    """The event, locked, if `allowed` (else 403, `refusal`) and not cancelled."""
    return locked_for_change(
        Event.objects.all(),
        event.pk,
        allowed=allowed,
        refusal=refusal,
        still_open=lambda locked: not locked.is_cancelled,
        closed=_("This event was cancelled."),
    )


def _managed(user: User, event: Event) -> Event:
    """The event, locked, if the user may manage it and it still can be changed."""
    return _locked(
        event,
        lambda locked: permissions.can_manage_event(user, locked),
        _("Only the organisers may change this event."),
    )


def update_event(*, user: User, event: Event, **fields: Any) -> Event:
    """Change the event; more places move the waiting list up."""
    _check_fields(fields)
    with transaction.atomic():
        event = _managed(user, event)
        for name, value in fields.items():
            setattr(event, name, value)
        event.title = event.title.strip()
        event.full_clean()
        event.save()
        _fill_places(event)
    return event


def fill_places(event: Event) -> list[Registration]:
    """Move the waiting list up into the places free now (after a moderator's change)."""
    with transaction.atomic():
        return _fill_places(Event.objects.select_for_update().get(pk=event.pk))


def cancel_event(*, user: User, event: Event, reason: str) -> Event:
    """Cancel the event, with a reason told to everyone registered or waiting."""
    require_reason(reason, _("Say why the event is cancelled."))
    with transaction.atomic():
        event = _managed(user, event)
        event.cancelled_at = timezone.now()
        event.save(update_fields=["cancelled_at", "updated_at"])
        notify_about(
            event,
            recipients=_participants(
                event, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING
            ),
            kind=Kind.EVENT_CANCELLED,
            message=_("“%(event)s” (%(when)s) is cancelled: %(reason)s")
            % {"event": event, "when": _when(event), "reason": reason.strip()},
            actor=user,
            dedupe_key=f"event-cancelled-{event.pk}",
        )
    return event


def register(*, user: User, event: Event) -> Registration:
    """Take a place, or join the waiting list when the event is full."""
    with transaction.atomic():
        event = _locked(
            event,
            lambda locked: permissions.may_register(user, locked),
            _("This event is not open to you."),
        )
        if not event.registration_is_open():
            raise ValidationError(_("Registration for this event is closed."))
        registration = Registration.objects.filter(event=event, user=user).first()
        if registration is not None and registration.status != RegistrationStatus.CANCELLED:
            raise ValidationError(_("You are already registered or on the waiting list."))
        full = event.capacity is not None and (
            event.registrations.confirmed().count() >= event.capacity
        )
        status = RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED
        if registration is None:
            registration = Registration(event=event, user=user)
        registration.status = status
        registration.registered_at = timezone.now()
        registration.cancelled_at = None
        registration.attended = None
        registration.save()
        if full:
            message = _("“%(event)s” is full: you are on its waiting list, number %(n)d.") % {
                "event": event,
                "n": event.registrations.waiting().count(),
            }
        else:
            message = _("You are registered for “%(event)s”, %(when)s.") % {
                "event": event,
                "when": _when(event),
            }
        notify_about(
            event,
            recipients=[user],
            kind=Kind.EVENT_REGISTRATION,
            message=message,
            dedupe_key=f"event-registration-{registration.pk}-{_stamp(registration)}",
        )
    return registration


def cancel_registration(*, user: User, event: Event) -> Registration:
    """Give up one's place (or leave the waiting list); the first waiting moves up."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        registration = event.registrations.active().filter(user=user).first()
        if registration is None:
            raise ValidationError(_("You are not registered for this event."))
        if event.has_ended:
            raise ValidationError(_("This event is over."))
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        _fill_places(event)
    return registration


def _fill_places(event: Event) -> list[Registration]:
    """Move the waiting list up into the free places (the event's row is locked)."""
    if event.is_cancelled:
        return []
    waiting = event.registrations.waiting()
    if event.capacity is not None:
        free = event.capacity - event.registrations.confirmed().count()
        waiting = waiting[: max(free, 0)]
    moved = list(waiting.select_related("user"))
    for registration in moved:
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status"])
        notify_about(
            event,
            recipients=[registration.user],
            kind=Kind.EVENT_MOVED_UP,
            message=_("A place became free: you are now registered for “%(event)s”, %(when)s.")
            % {"event": event, "when": _when(event)},
            dedupe_key=f"event-moved-up-{registration.pk}-{_stamp(registration)}",
        )
    return moved


def add_document(
    *,
    user: User,
    event: Event,
    kind: str,
    title: str,
    visibility: str,
    text: str = "",
    file: UploadedFile | None = None,
) -> EventDocument:
    """Publish an agenda, minutes, decisions or a document of the event (organisers only);
    its registered participants hear of minutes and decisions."""
    if not permissions.can_manage_event(user, event):
        raise PermissionDenied(_("Only the organisers may publish documents of this event."))
    if is_blank(text) and file is None:
        raise ValidationError({"text": _("Write the text, attach a file, or both.")})
    if file is not None:
        try:
            check_upload(file)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
    document = EventDocument(
        event=event,
        kind=kind,
        title=title.strip(),
        text=text.strip(),
        visibility=visibility,
        uploaded_by=user,
        file_name=single_line(file.name or "", 200) if file is not None else "",
    )
    if file is not None:
        document.file = file
    document.full_clean()
    with transaction.atomic():
        document.save()
        if kind in (DocumentKind.MINUTES, DocumentKind.DECISIONS):
            notify_about(
                event,
                recipients=_participants(event),
                kind=Kind.EVENT_MINUTES,
                message=_("%(kind)s of “%(event)s” are published: %(title)s")
                % {"kind": document.get_kind_display(), "event": event, "title": document.title},
                actor=user,
                dedupe_key=f"event-document-{document.pk}",
            )
    return document


def mark_attendance(*, user: User, event: Event, attended: Iterable[int]) -> Event:
    """After the start, the organisers mark who came: the confirmed registrations of ids
    `attended` as present, the other confirmed ones as absent."""
    if not permissions.can_manage_event(user, event):
        raise PermissionDenied(_("Only the organisers may mark attendance."))
    if event.starts_at > timezone.now():
        raise ValidationError(_("Attendance is marked once the event has started."))
    present = set(attended)
    confirmed = event.registrations.confirmed()
    unknown = present - set(confirmed.values_list("pk", flat=True))
    if unknown:
        raise ValidationError(_("Only registered participants can be marked present."))
    with transaction.atomic():
        confirmed.filter(pk__in=present).update(attended=True)
        confirmed.exclude(pk__in=present).update(attended=False)
    return event


def send_event_reminders(*, now: datetime.datetime | None = None) -> int:
    """A week and a day before each event, remind its registered participants, once each."""
    now = now or timezone.now()
    sent = 0
    soon = Event.objects.filter(
        cancelled_at__isnull=True, starts_at__gt=now, starts_at__lte=now + REMINDERS[0][1]
    )
    for event in soon:
        # Only the nearest reminder: someone registering the day before gets one.
        key, _delay = next(
            (key, delay) for key, delay in reversed(REMINDERS) if event.starts_at <= now + delay
        )
        sent += len(
            notify_about(
                event,
                recipients=_participants(event),
                kind=Kind.EVENT_REMINDER,
                message=_("Reminder: “%(event)s” starts %(when)s.")
                % {"event": event, "when": _when(event)},
                dedupe_key=f"event-reminder-{key}-{event.pk}",
            )
        )
    return sent


def save_meeting_profile(
    *,
    user: User,
    event: Event,
    offers: str,
    seeks: str,
    organisation: Region | Cluster | None = None,
) -> Registration:
    """What a participant of a matchmaking event offers and seeks, and for which of the
    organisations they represent, as the other participants see it."""
    if not permissions.can_meet(user, event):
        raise PermissionDenied(
            _("Only registered participants of a matchmaking event have a profile.")
        )
    if (
        isinstance(organisation, Region)
        and not represented_regions(user).filter(pk=organisation.pk).exists()
    ):
        raise PermissionDenied(_("You do not represent %(o)s.") % {"o": organisation})
    if (
        isinstance(organisation, Cluster)
        and not represented_clusters(user).filter(pk=organisation.pk).exists()
    ):
        raise PermissionDenied(_("You do not represent %(o)s.") % {"o": organisation})
    registration = event.registrations.confirmed().get(user=user)
    registration.organisation_region = organisation if isinstance(organisation, Region) else None
    registration.organisation_cluster = organisation if isinstance(organisation, Cluster) else None
    registration.offers = offers.strip()
    registration.seeks = seeks.strip()
    registration.save(
        update_fields=["organisation_region", "organisation_cluster", "offers", "seeks"]
    )
    return registration


def request_meeting(*, user: User, event: Event, invitee: User, message: str = "") -> Meeting:
    """Ask another participant of a matchmaking event for a bilateral meeting."""
    if not permissions.can_meet(user, event):
        raise PermissionDenied(_("Only registered participants ask for bilateral meetings."))
    if invitee == user:
        raise ValidationError(_("Ask someone else for a meeting."))
    if not permissions.can_meet(invitee, event):
        raise ValidationError(_("This person does not take part in the event's meetings."))
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        open_between = event.meetings.filter(
            Q(requester=user, invitee=invitee) | Q(requester=invitee, invitee=user),
            status__in=[MeetingStatus.REQUESTED, MeetingStatus.ACCEPTED],
        )
        if open_between.exists():
            raise duplicate(_("A meeting between you is already asked for or agreed."))
        meeting = Meeting.objects.create(
            event=event, requester=user, invitee=invitee, message=message.strip()
        )
        notify_about(
            event,
            recipients=[invitee],
            kind=Kind.MEETING_REQUESTED,
            message=_("%(who)s asks you for a bilateral meeting at “%(event)s”.")
            % {"who": user, "event": event},
            url=reverse("events:meeting_agenda", args=[event.slug]),
            actor=user,
            dedupe_key=f"meeting-requested-{meeting.pk}",
        )
    return meeting


def _locked_meeting(meeting_id: int) -> Meeting:
    """The meeting, with its event's row locked: every booking of the event queues there."""
    event_id = Meeting.objects.values_list("event", flat=True).get(pk=meeting_id)
    Event.objects.select_for_update().get(pk=event_id)
    return Meeting.objects.select_related("event", "requester", "invitee").get(pk=meeting_id)


def _free_slot(meeting: Meeting) -> tuple[datetime.datetime, int] | None:
    """The first slot from now on when both people are free and a table is, and that table."""
    event = meeting.event
    accepted = event.meetings.filter(status=MeetingStatus.ACCEPTED)
    # An accepted meeting always has its slot and table (a constraint says so).
    rows = cast(
        "list[tuple[datetime.datetime, int, int, int]]",
        list(accepted.values_list("starts_at", "table", "requester", "invitee")),
    )
    people = {meeting.requester_id, meeting.invitee_id}
    busy = {start for start, _table, a, b in rows if a in people or b in people}
    tables: dict[datetime.datetime, set[int]] = {}
    for start, table, _a, _b in rows:
        tables.setdefault(start, set()).add(table)
    now = timezone.now()
    for start in event.meeting_slots():
        if start < now or start in busy:
            continue
        taken = tables.get(start, set())
        free = next((t for t in range(1, event.meeting_tables + 1) if t not in taken), None)
        if free is not None:
            return start, free
    return None


def accept_meeting(*, user: User, meeting_id: int) -> Meeting:
    """The invitee accepts: the meeting gets the first slot free for both, at a free table."""
    with transaction.atomic():
        meeting = _locked_meeting(meeting_id)
        if meeting.invitee_id != user.pk:
            raise PermissionDenied(_("Only the person asked may accept."))
        if meeting.status != MeetingStatus.REQUESTED:
            raise ValidationError(_("This request was already answered."))
        slot = _free_slot(meeting)
        if slot is None:
            raise ValidationError(
                _("No slot is left when you are both free; the meeting cannot be booked.")
            )
        meeting.starts_at, meeting.table = slot
        meeting.status = MeetingStatus.ACCEPTED
        meeting.decided_at = timezone.now()
        meeting.save(update_fields=["starts_at", "table", "status", "decided_at"])
        when = formats.date_format(
            meeting.starts_at.astimezone(meeting.event.zone), "DATETIME_FORMAT"
        )
        _answered(
            meeting,
            meeting.requester,
            _("%(who)s accepted your meeting at “%(event)s”: %(when)s, table %(table)d.")
            % {"who": user, "event": meeting.event, "when": when, "table": meeting.table},
            actor=user,
        )
    return meeting


def decline_meeting(*, user: User, meeting_id: int, reason: str = "") -> Meeting:
    """The invitee declines a request, with a reason if they wish."""
    with transaction.atomic():
        meeting = _locked_meeting(meeting_id)
        if meeting.invitee_id != user.pk:
            raise PermissionDenied(_("Only the person asked may decline."))
        if meeting.status != MeetingStatus.REQUESTED:
            raise ValidationError(_("This request was already answered."))
        meeting.status = MeetingStatus.DECLINED
        meeting.reason = reason.strip()
        meeting.decided_at = timezone.now()
        meeting.save(update_fields=["status", "reason", "decided_at"])
        message = _("%(who)s declined your meeting at “%(event)s”.") % {
            "who": user,
            "event": meeting.event,
        }
        _answered(meeting, meeting.requester, f"{message} {meeting.reason}".strip(), actor=user)
    return meeting


def cancel_meeting(*, user: User, meeting_id: int) -> Meeting:
    """Either person calls off a meeting asked for or agreed; its slot and table are free again."""
    with transaction.atomic():
        meeting = _locked_meeting(meeting_id)
        if user.pk not in (meeting.requester_id, meeting.invitee_id):
            raise PermissionDenied(_("Only the two people concerned may cancel the meeting."))
        if meeting.status not in (MeetingStatus.REQUESTED, MeetingStatus.ACCEPTED):
            raise ValidationError(_("This meeting is not planned any more."))
        meeting.status = MeetingStatus.CANCELLED
        meeting.decided_at = timezone.now()
        meeting.save(update_fields=["status", "decided_at"])
        _answered(
            meeting,
            meeting.other(user),
            _("%(who)s cancelled your meeting at “%(event)s”.")
            % {"who": user, "event": meeting.event},
            actor=user,
        )
    return meeting


def _answered(meeting: Meeting, recipient: User, message: str, *, actor: User) -> None:
    notify_about(
        meeting.event,
        recipients=[recipient],
        kind=Kind.MEETING_ANSWERED,
        message=message,
        url=reverse("events:meeting_agenda", args=[meeting.event.slug]),
        actor=actor,
        dedupe_key=f"meeting-{meeting.status}-{meeting.pk}",
    )
