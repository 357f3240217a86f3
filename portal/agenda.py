"""The one calendar: calls, events and progress-report deadlines, for a page or a feed.

Each source gives `Entry` rows between two days, filtered alike; the page,
the public iCal feed and each user's private feed read the same entries.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from events.choices import EventKind, RegistrationStatus
from events.models import Event
from events.permissions import visible_events
from notifications.services import followed_ids
from partnerships.filters import public_areas, public_partnerships
from partnerships.models import Call, Partnership
from regions.filters import ANY, country_options
from thematic_areas.choices import HalfYear, ReportStatus
from thematic_areas.models import ThematicArea, report_due_on
from thematic_areas.permissions import led_areas

CALLS = "calls"
REPORTS = "reports"


@dataclass(frozen=True)
class Entry:
    """One thing on the calendar, from `first_day` to `last_day` (inclusive)."""

    first_day: datetime.date
    last_day: datetime.date
    kind: str
    label: str
    title: str
    url: str
    scope: str = ""
    uid: str = ""
    event: Event | None = None
    call: Call | None = None

    @property
    def is_cancelled(self) -> bool:
        return self.event is not None and self.event.is_cancelled


def _scope_choice(label: str, model: type[ThematicArea | Partnership]) -> forms.ModelChoiceField:
    """An optional choice of one area or partnership, by its slug in the URL; the form
    narrows it to the public ones."""
    return forms.ModelChoiceField(
        label=label,
        queryset=model.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=ANY,
    )


class CalendarFilterForm(forms.Form):
    area = _scope_choice(_("Thematic area"), ThematicArea)
    partnership = _scope_choice(_("Partnership"), Partnership)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[
            ("", ANY),
            (CALLS, _("Calls for expressions of interest")),
            (REPORTS, _("Progress reports due")),
            *EventKind.choices,
        ],
    )
    country = forms.ChoiceField(
        label=_("Country"), required=False, help_text=_("Where the event takes place.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = public_areas(None)
        self.fields["partnership"].queryset = public_partnerships(None)
        self.fields["country"].choices = [("", ANY), *country_options()]


def call_url(call: Call) -> str:
    return reverse("partnerships:call_list") + f"#call-{call.pk}"


def _call_entries(calls: QuerySet[Call], start: datetime.date, end: datetime.date) -> list[Entry]:
    opens, closes = gettext("Call opens"), gettext("Call deadline")
    entries = []
    for call in calls.filter(Q(opens_on__range=(start, end)) | Q(closes_on__range=(start, end))):
        url = call_url(call)
        for day, label in ((call.opens_on, opens), (call.closes_on, closes)):
            if start <= day <= end:
                entries.append(Entry(day, day, CALLS, label, call.title, url, call=call))
    return entries


def _event_entries(
    events: QuerySet[Event], start: datetime.date, end: datetime.date
) -> list[Entry]:
    # A day's margin on each side: an event is dated on its venue's clock.
    margin = datetime.timedelta(days=1)
    events = events.filter(
        starts_at__date__lte=end + margin, ends_at__date__gte=start - margin
    ).select_related("area", "partnership")
    entries = []
    for event in events:
        first, last = event.local_start.date(), event.local_end.date()
        if first > end or last < start:
            continue
        scope = event.partnership or event.area
        entries.append(
            Entry(
                first,
                last,
                event.kind,
                event.get_kind_display(),
                event.title,
                event.get_absolute_url(),
                scope.name if scope else "",
                event=event,
            )
        )
    return entries


def _report_entries(
    areas: QuerySet[ThematicArea], start: datetime.date, end: datetime.date
) -> list[Entry]:
    """The half-years ending between `start` and `end` without a published report."""
    periods = [
        (year, half)
        for year in range(start.year, end.year + 1)
        for half in HalfYear.values
        if start <= report_due_on(year, half) <= end
    ]
    if not periods:
        return []
    published = set(
        areas.filter(progress_reports__status=ReportStatus.PUBLISHED).values_list(
            "pk", "progress_reports__year", "progress_reports__half"
        )
    )
    label = gettext("Progress report due")
    return [
        Entry(
            report_due_on(year, half),
            report_due_on(year, half),
            REPORTS,
            label,
            f"{area.name} — {HalfYear(half).label} {year}",
            area.get_absolute_url(),
            area.name,
            uid=f"report-{area.pk}-{year}-h{half}",
        )
        for area in areas.order_by("name")
        for year, half in periods
        if (area.pk, year, half) not in published
    ]


def entries(
    user: User | AnonymousUser,
    start: datetime.date,
    end: datetime.date,
    filters: dict | None = None,
) -> list[Entry]:
    """What the user may see between `start` and `end`, by date: every call, the events they
    may see, and the reports due of the areas they lead."""
    filters = filters or {}
    area, partnership = filters.get("area"), filters.get("partnership")
    kind, country = filters.get("kind") or "", filters.get("country") or ""
    calls = Call.objects.all()
    events = visible_events(user)
    reports = ThematicArea.objects.filter(pk__in=list(led_areas(user)))
    if area is not None:
        calls = calls.filter(partnerships__area=area).distinct()
        events = events.filter(area=area)
        reports = reports.filter(pk=area.pk)
    if partnership is not None:
        calls = calls.filter(partnerships=partnership)
        events = events.filter(partnership=partnership)
        reports = reports.none()
    if country:
        calls, reports = calls.none(), reports.none()
        events = events.filter(venue_region__country=country)
    found: list[Entry] = []
    if kind in ("", CALLS):
        found += _call_entries(calls, start, end)
    if kind in ("", REPORTS):
        found += _report_entries(reports, start, end)
    if kind not in (CALLS, REPORTS):
        found += _event_entries(events.filter(kind=kind) if kind else events, start, end)
    return sorted(found, key=lambda e: (e.first_day, e.title))


def private_entries(user: User, start: datetime.date, end: datetime.date) -> list[Entry]:
    """A user's own calendar: the events they registered for or whose area or partnership
    they follow, the calls they follow (or of partnerships they follow), their reports due."""
    areas = followed_ids(user, ThematicArea)
    partnerships = followed_ids(user, Partnership)
    events = (
        visible_events(user)
        .filter(
            Q(
                registrations__user=user,
                registrations__status__in=[
                    RegistrationStatus.CONFIRMED,
                    RegistrationStatus.WAITING,
                ],
            )
            | Q(area__in=areas)
            | Q(partnership__in=partnerships)
        )
        .distinct()
    )
    calls = Call.objects.filter(
        Q(pk__in=followed_ids(user, Call)) | Q(partnerships__in=partnerships)
    ).distinct()
    reports = ThematicArea.objects.filter(pk__in=list(led_areas(user)))
    found = [
        *_call_entries(calls, start, end),
        *_event_entries(events, start, end),
        *_report_entries(reports, start, end),
    ]
    return sorted(found, key=lambda e: (e.first_day, e.title))


def months(first: datetime.date, count: int) -> Iterable[datetime.date]:
    """The first days of `count` months from `first`'s month."""
    year, month = first.year, first.month
    for _index in range(count):
        yield datetime.date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
