"""Event pages: thin views over `services.py` and `permissions.py`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core import ical
from core.actions import (
    ConfirmForm,
    ReasonForm,
    edit_page,
    form_data,
    guarded,
    model_values,
    perform_action,
    run_service,
    save_form_page,
)
from core.cache import cache_for_visitors
from core.csv_export import csv_response
from core.listing import Listing, render_list
from regions.permissions import represented_clusters, represented_regions

from . import matching, permissions, services
from .choices import MeetingStatus, RegistrationStatus, Visibility
from .filters import EventFilter, When
from .forms import (
    PLATFORM,
    AttendanceForm,
    CancelEventForm,
    DocumentForm,
    EventForm,
    MeetingProfileForm,
    MeetingRequestForm,
    NewEventForm,
    on_the_wall,
    organisation_key,
)
from .ical import event_ical
from .uploads import content_type


class EventPageFilter(EventFilter):
    """The page lists what is coming unless asked for the past."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("when"):
            data = data.copy()
            data["when"] = When.UPCOMING
        super().__init__(data, *args, **kwargs)


EVENT_LISTING = Listing(
    filterset_class=EventPageFilter,
    template="events/event_list.html",
    fragment_template="events/_event_listing.html",
    csv_filename="events.csv",
    columns=[
        (gettext_lazy("Slug"), lambda e: e.slug),
        (gettext_lazy("Title"), lambda e: e.title),
        (gettext_lazy("Kind"), lambda e: e.kind),
        (gettext_lazy("Starts"), lambda e: e.local_start.isoformat()),
        (gettext_lazy("Ends"), lambda e: e.local_end.isoformat()),
        (gettext_lazy("Time zone"), lambda e: e.time_zone),
        (gettext_lazy("Venue"), lambda e: e.venue),
        (
            gettext_lazy("Region of the venue"),
            lambda e: e.venue_region.code if e.venue_region else "",
        ),
        (gettext_lazy("Thematic area"), lambda e: e.area.slug if e.area else ""),
        (gettext_lazy("Partnership"), lambda e: e.partnership.slug if e.partnership else ""),
        (gettext_lazy("Language"), lambda e: e.language),
        (gettext_lazy("Cancelled"), lambda e: "yes" if e.is_cancelled else ""),
    ],
)


@cache_for_visitors
def event_list(request):
    events = (
        permissions.visible_events(request.user)
        .select_related(
            "area", "partnership", "venue_region", "organiser_region", "organiser_cluster"
        )
        .order_by("starts_at", "pk")
    )
    context = {"can_organise": _scopes(request.user) != []}
    return render_list(request, EVENT_LISTING, events, **context)


def _visible_event(request, slug):
    return get_object_or_404(
        permissions.visible_events(request.user).select_related(
            "area", "partnership", "venue_region", "organiser_region", "organiser_cluster"
        ),
        slug=slug,
    )


@cache_for_visitors
def event_detail(request, slug):
    event = _visible_event(request, slug)
    counts = event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
    )
    user = request.user
    mine = event.registrations.active().filter(user=user).first() if user.is_authenticated else None
    context = {
        "event": event,
        "counts": counts,
        "places_left": None
        if event.capacity is None
        else max(event.capacity - counts["confirmed"], 0),
        "registration": mine,
        "waiting_position": event.registrations.waiting()
        .filter(registered_at__lte=mine.registered_at)
        .count()
        if mine and mine.status == RegistrationStatus.WAITING
        else None,
        "may_register": mine is None and permissions.may_register(user, event),
        "can_manage": permissions.can_manage_event(user, event),
        "show_online_link": bool(event.online_url) and permissions.can_see_online_link(user, event),
        "documents": permissions.visible_documents(user, event),
        "can_meet": permissions.can_meet(user, event),
    }
    return render(request, "events/event_detail.html", context)


def event_ics(request, slug):
    event = _visible_event(request, slug)
    return ical.calendar_response(event.title, [event_ical(event, request)], f"{event.slug}.ics")


def _scopes(user) -> list[tuple[str, str]]:
    """What the user may organise events of, as choices of the "Event of" field."""
    if not user.is_authenticated:
        return []
    scopes = [(PLATFORM, _("The whole platform"))] if permissions.can_organise(user) else []
    scopes += [
        (f"area:{area.slug}", _("Thematic area: %(name)s") % {"name": area.name})
        for area in permissions.organisable_areas(user).order_by("name")
    ]
    scopes += [
        (f"partnership:{p.slug}", _("Partnership: %(name)s") % {"name": p.name})
        for p in permissions.organisable_partnerships(user).order_by("name")
    ]
    return scopes


def _scope_of(user, scope: str) -> dict:
    kind, _sep, slug = scope.partition(":")
    if kind == "area":
        return {"area": get_object_or_404(permissions.organisable_areas(user), slug=slug)}
    if kind == "partnership":
        partnerships = permissions.organisable_partnerships(user).select_related("area")
        return {"partnership": get_object_or_404(partnerships, slug=slug)}
    return {}


@login_required
def event_create(request):
    scopes = _scopes(request.user)
    if not scopes:
        raise PermissionDenied(
            _(
                "Events are organised by the lead regions of an area and the coordinators "
                "of a partnership."
            )
        )
    asked = request.GET.get("scope")
    initial = {"scope": asked} if asked in dict(scopes) else {}

    def create(data):
        scope = _scope_of(request.user, data.pop("scope"))
        return services.create_event(user=request.user, **scope, **data)

    return save_form_page(
        request,
        form=NewEventForm(form_data(request), scopes=scopes, initial=initial),
        service=create,
        done=lambda event: _("The event “%(event)s” is published.") % {"event": event},
        template="events/event_form.html",
        context={"title": _("New event")},
    )


_managed_event = guarded(
    _visible_event, permissions.can_manage_event, gettext_lazy("Only the organisers may do this.")
)


@login_required
def event_edit(request, slug):
    event = _managed_event(request, slug)
    initial = model_values(event, services.EVENT_FIELDS) | on_the_wall(event)
    form = EventForm(form_data(request), initial=initial)
    return edit_page(request, event, form, services.update_event, _("The event was saved."))


@login_required
def event_cancel(request, slug):
    event = _managed_event(request, slug)
    return perform_action(
        request,
        form=CancelEventForm(form_data(request)),
        service=lambda data: services.cancel_event(user=request.user, event=event, **data),
        done=lambda e: _("“%(event)s” is cancelled; the participants are told.") % {"event": e},
        back_url=event,
        title=_("Cancel “%(event)s”") % {"event": event},
        submit_label=_("Cancel the event"),
        intro=_("The event stays listed as cancelled. This cannot be undone."),
    )


@login_required
def event_register(request, slug):
    event = _visible_event(request, slug)

    def done(registration):
        if registration.status == RegistrationStatus.WAITING:
            return _("The event is full: you are on the waiting list.")
        return _("You are registered.")

    return perform_action(
        request,
        service=lambda data: services.register(user=request.user, event=event),
        done=done,
        back_url=event,
        title=_("Register for “%(event)s”") % {"event": event},
        submit_label=_("Register"),
        intro=_("The organisers will see your name and e-mail address."),
    )


@login_required
def event_unregister(request, slug):
    event = _visible_event(request, slug)
    return perform_action(
        request,
        service=lambda data: services.cancel_registration(user=request.user, event=event),
        done=lambda registration: _("Your registration is cancelled."),
        back_url=event,
        title=_("Cancel your registration for “%(event)s”") % {"event": event},
        submit_label=_("Cancel my registration"),
    )


@login_required
def document_create(request, slug):
    event = _managed_event(request, slug)
    return save_form_page(
        request,
        form=DocumentForm(form_data(request), request.FILES or None),
        service=lambda data: services.add_document(user=request.user, event=event, **data),
        done=lambda document: _("“%(title)s” is published.") % {"title": document.title},
        go_to=lambda document: event,
        template="events/document_form.html",
        context={"event": event, "title": _("Publish a document")},
    )


def document_download(request, slug, pk):
    """A document's file, for those who may read it; never from a public address."""
    event = _visible_event(request, slug)
    document = get_object_or_404(
        permissions.visible_documents(request.user, event).exclude(file=""), pk=pk
    )
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file_name or document.file.name.rsplit("/", 1)[-1],
        content_type=content_type(document.file.name),
    )
    if document.visibility != Visibility.PUBLIC:
        response["Cache-Control"] = "private, no-store"
    return response


PARTICIPANT_COLUMNS = [
    (gettext_lazy("Name"), lambda r: r.user.get_full_name()),
    (gettext_lazy("E-mail"), lambda r: r.user.email),
    (gettext_lazy("Status"), lambda r: r.status),
    (gettext_lazy("Registered at"), lambda r: r.registered_at.isoformat()),
    (
        gettext_lazy("Attended"),
        lambda r: {True: "yes", False: "no", None: ""}[r.attended],
    ),
]


@login_required
def event_participants(request, slug):
    """The organisers' list of participants and waiting list, its CSV, and attendance."""
    event = _managed_event(request, slug)
    registrations = list(
        event.registrations.active()
        .select_related("user")
        .order_by("status", "registered_at", "pk")
    )
    if request.GET.get("format") == "csv":
        header = [name for name, _getter in PARTICIPANT_COLUMNS]
        rows = ([getter(r) for _name, getter in PARTICIPANT_COLUMNS] for r in registrations)
        return csv_response(f"{event.slug}-participants.csv", header, rows, bom=True)
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    form = AttendanceForm(
        form_data(request),
        registrations=confirmed,
        initial={"attended": [str(r.pk) for r in confirmed if r.attended]},
    )
    marked = run_service(
        form,
        lambda data: services.mark_attendance(
            user=request.user, event=event, attended=[int(pk) for pk in data["attended"]]
        ),
    )
    if marked:
        messages.success(request, _("Attendance is saved."))
        return redirect(reverse("events:event_participants", args=[event.slug]))
    context = {
        "event": event,
        "confirmed": confirmed,
        "waiting": [r for r in registrations if r.status == RegistrationStatus.WAITING],
        "form": form,
        "attendance_open": not event.is_cancelled and event.starts_at <= timezone.now(),
    }
    return render(request, "events/event_participants.html", context)


NOT_A_PARTICIPANT = gettext_lazy("Bilateral meetings are for the registered participants.")
# A matchmaking event whose meetings the user takes part in.
_meeting_event = guarded(_visible_event, permissions.can_meet, NOT_A_PARTICIPANT)
_event_with_participants = guarded(
    _visible_event, permissions.can_see_participants, NOT_A_PARTICIPANT
)


@login_required
def meeting_people(request, slug):
    """The participants' profiles, those sharing most priorities with the user first."""
    event = _event_with_participants(request, slug)
    people = matching.participants_for(request.user, event)
    open_with = set()
    for requester, invitee in (
        permissions.visible_meetings(request.user, event)
        .filter(status__in=[MeetingStatus.REQUESTED, MeetingStatus.ACCEPTED])
        .values_list("requester", "invitee")
    ):
        open_with |= {requester, invitee}
    context = {
        "event": event,
        "people": people,
        "open_with": open_with,
        "can_meet": permissions.can_meet(request.user, event),
    }
    return render(request, "events/meeting_people.html", context)


@login_required
def meeting_profile(request, slug):
    event = _meeting_event(request, slug)
    registration = event.registrations.confirmed().get(user=request.user)
    organisations = [
        *represented_regions(request.user).order_by("name"),
        *represented_clusters(request.user).order_by("name"),
    ]
    initial = {
        "organisation": organisation_key(registration.organisation)
        if registration.organisation
        else "",
        "offers": registration.offers,
        "seeks": registration.seeks,
    }
    return perform_action(
        request,
        form=MeetingProfileForm(form_data(request), organisations=organisations, initial=initial),
        service=lambda data: services.save_meeting_profile(user=request.user, event=event, **data),
        done=lambda registration: _("Your profile is saved."),
        back_url=reverse("events:meeting_people", args=[event.slug]),
        title=_("Your profile at “%(event)s”") % {"event": event},
        submit_label=_("Save"),
        intro=_(
            "The other participants see your name, this profile and your organisation's priorities."
        ),
    )


@login_required
def meeting_request(request, slug, user_id):
    event = _meeting_event(request, slug)
    invitee = get_object_or_404(
        User,
        pk=user_id,
        event_registrations__event=event,
        event_registrations__status=RegistrationStatus.CONFIRMED,
    )
    return perform_action(
        request,
        form=MeetingRequestForm(form_data(request)),
        service=lambda data: services.request_meeting(
            user=request.user, event=event, invitee=invitee, **data
        ),
        done=lambda meeting: _("Your request is sent to %(who)s.") % {"who": invitee},
        back_url=reverse("events:meeting_people", args=[event.slug]),
        title=_("Ask %(who)s for a bilateral meeting") % {"who": invitee},
        submit_label=_("Send the request"),
        intro=_("If they accept, the meeting gets the first slot when you are both free."),
    )


# The answers to a meeting: (service, form, title, button, message once done).
MEETING_DECISIONS = {
    "accept": (
        services.accept_meeting,
        ConfirmForm,
        gettext_lazy("Accept the meeting with %(who)s"),
        gettext_lazy("Accept"),
        gettext_lazy("The meeting is in your agenda."),
    ),
    "decline": (
        services.decline_meeting,
        ReasonForm,
        gettext_lazy("Decline the meeting with %(who)s"),
        gettext_lazy("Decline"),
        gettext_lazy("The request is declined."),
    ),
    "cancel": (
        services.cancel_meeting,
        ConfirmForm,
        gettext_lazy("Cancel the meeting with %(who)s"),
        gettext_lazy("Cancel the meeting"),
        gettext_lazy("The meeting is cancelled."),
    ),
}


@login_required
def meeting_decide(request, slug, pk, decision):
    """Accept, decline or cancel one of one's meetings (`decision`, a key of MEETING_DECISIONS)."""
    service, form_class, title, submit_label, done = MEETING_DECISIONS[decision]
    event = _meeting_event(request, slug)
    meeting = get_object_or_404(permissions.visible_meetings(request.user, event), pk=pk)
    return perform_action(
        request,
        form=form_class(form_data(request)),
        service=lambda data: service(user=request.user, meeting_id=meeting.pk, **data),
        done=lambda _meeting: done,
        back_url=reverse("events:meeting_agenda", args=[event.slug]),
        title=title % {"who": meeting.other(request.user)},
        submit_label=submit_label,
    )


def _my_meetings(request, event):
    mine = (
        event.meetings.filter(Q(requester=request.user) | Q(invitee=request.user))
        .select_related("requester", "invitee")
        .order_by("starts_at", "created_at")
    )
    return list(mine)


@login_required
def meeting_agenda(request, slug):
    """The user's agenda at a matchmaking event: agreed meetings by time, and requests."""
    event = _meeting_event(request, slug)
    meetings = _my_meetings(request, event)
    context = {
        "event": event,
        "agreed": [m for m in meetings if m.status == MeetingStatus.ACCEPTED],
        "received": [
            m
            for m in meetings
            if m.status == MeetingStatus.REQUESTED and m.invitee_id == request.user.pk
        ],
        "sent": [
            m
            for m in meetings
            if m.status == MeetingStatus.REQUESTED and m.requester_id == request.user.pk
        ],
    }
    template = (
        "events/meeting_agenda_print.html"
        if "print" in request.GET
        else "events/meeting_agenda.html"
    )
    return render(request, template, context)


@login_required
def meeting_agenda_ics(request, slug):
    event = _meeting_event(request, slug)
    host = request.get_host().split(":")[0]
    url = request.build_absolute_uri(reverse("events:meeting_agenda", args=[event.slug]))
    entries = [
        ical.event(
            uid=f"meeting-{m.pk}@{host}",
            start=m.starts_at,
            end=m.ends_at,
            summary=_("Meeting with %(who)s") % {"who": m.other(request.user)},
            description=m.message,
            url=url,
            location=_("%(venue)s, table %(table)d")
            % {"venue": event.venue or _("Online"), "table": m.table},
        )
        for m in _my_meetings(request, event)
        if m.status == MeetingStatus.ACCEPTED
    ]
    response = ical.calendar_response(
        _("My meetings at %(event)s") % {"event": event}, entries, f"{event.slug}-agenda.ics"
    )
    response["Cache-Control"] = "private, no-store"
    return response
