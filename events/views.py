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

from core import ical
from core.actions import ConfirmForm, form_data, perform_action, run_service
from core.cache import cache_for_visitors
from core.csv_export import csv_response
from core.listing import Listing, render_list

from . import permissions, services
from .choices import RegistrationStatus, Visibility
from .filters import EventFilter, When
from .forms import (
    PLATFORM,
    AttendanceForm,
    CancelEventForm,
    DocumentForm,
    EventForm,
    NewEventForm,
    on_the_wall,
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
    form = NewEventForm(form_data(request), scopes=scopes, initial=initial)

    def create(data):
        scope = _scope_of(request.user, data.pop("scope"))
        return services.create_event(user=request.user, **scope, **data)

    event = run_service(form, create)
    if event:
        messages.success(request, _("The event “%(event)s” is published.") % {"event": event})
        return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "title": _("New event")})


def _managed_event(request, slug):
    event = _visible_event(request, slug)
    if not permissions.can_manage_event(request.user, event):
        raise PermissionDenied(_("Only the organisers may do this."))
    return event


@login_required
def event_edit(request, slug):
    event = _managed_event(request, slug)
    initial = {name: getattr(event, name) for name in services.EVENT_FIELDS} | on_the_wall(event)
    form = EventForm(form_data(request), initial=initial)
    saved = run_service(
        form, lambda data: services.update_event(user=request.user, event=event, **data)
    )
    if saved:
        messages.success(request, _("The event was saved."))
        return redirect(saved)
    context = {"form": form, "event": event, "title": _("Edit “%(e)s”") % {"e": event}}
    return render(request, "events/event_form.html", context)


@login_required
def event_cancel(request, slug):
    event = _managed_event(request, slug)
    return perform_action(
        request,
        form=CancelEventForm(form_data(request)),
        service=lambda data: services.cancel_event(user=request.user, event=event, **data),
        done=lambda e: _("“%(event)s” is cancelled; the participants are told.") % {"event": e},
        back_url=event.get_absolute_url(),
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
        form=ConfirmForm(form_data(request)),
        service=lambda data: services.register(user=request.user, event=event),
        done=done,
        back_url=event.get_absolute_url(),
        title=_("Register for “%(event)s”") % {"event": event},
        submit_label=_("Register"),
        intro=_("The organisers will see your name and e-mail address."),
    )


@login_required
def event_unregister(request, slug):
    event = _visible_event(request, slug)
    return perform_action(
        request,
        form=ConfirmForm(form_data(request)),
        service=lambda data: services.cancel_registration(user=request.user, event=event),
        done=lambda registration: _("Your registration is cancelled."),
        back_url=event.get_absolute_url(),
        title=_("Cancel your registration for “%(event)s”") % {"event": event},
        submit_label=_("Cancel my registration"),
    )


@login_required
def document_create(request, slug):
    event = _managed_event(request, slug)
    form = DocumentForm(form_data(request), request.FILES or None)
    document = run_service(
        form, lambda data: services.add_document(user=request.user, event=event, **data)
    )
    if document:
        messages.success(request, _("“%(title)s” is published.") % {"title": document.title})
        return redirect(event)
    context = {"form": form, "event": event, "title": _("Publish a document")}
    return render(request, "events/document_form.html", context)


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
