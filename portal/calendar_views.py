"""The calendar page (month and list views) and each user's private calendar address."""

import calendar as month_grids
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core import ical
from core.cache import cache_for_visitors
from events.ical import event_ical

from . import agenda, calendar_feeds
from .agenda import call_url
from .feeds import call_events
from .models import CalendarFeed

LIST_MONTHS = 12
# How far a calendar program's copy reaches: a year back, two ahead.
FEED_PAST = datetime.timedelta(days=366)
FEED_FUTURE = datetime.timedelta(days=2 * 366)


def _month_asked(value: str | None, today: datetime.date) -> datetime.date | None:
    """The first day of the month `YYYY-MM`, this month when not given, None when invalid."""
    if not value:
        return today.replace(day=1)
    try:
        month = datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return None
    return month if 2000 <= month.year <= 2100 else None


def _next_month(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


def _weeks(month: datetime.date, entries: list[agenda.Entry]) -> list[list[dict]]:
    """The month's weeks, Monday first, each day with what falls on it (None outside)."""
    grid = month_grids.Calendar().monthdatescalendar(month.year, month.month)
    return [
        [
            {"day": day, "entries": [e for e in entries if e.first_day <= day <= e.last_day]}
            if day.month == month.month
            else None
            for day in week
        ]
        for week in grid
    ]


@cache_for_visitors
def calendar_page(request):
    """Calls, events and the reports due of one's areas, as a list or a month."""
    today = timezone.localdate()
    form = agenda.CalendarFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else None
    month_view = request.GET.get("view") == "month"
    month = _month_asked(request.GET.get("month"), today)
    if month is None:
        raise Http404(_("No such month."))
    if month_view:
        start, end = month, _next_month(month) - datetime.timedelta(days=1)
    else:
        start = today
        end = list(agenda.months(today, LIST_MONTHS + 1))[-1] - datetime.timedelta(days=1)
    found = [] if filters is None else agenda.entries(request.user, start, end, filters)
    context = {
        "form": form,
        "month_view": month_view,
        "month": month,
        "previous_month": (month - datetime.timedelta(days=1)).replace(day=1),
        "next_month": _next_month(month),
        "weekdays": [datetime.date(2024, 1, day) for day in range(1, 8)],
        "weeks": _weeks(month, found) if month_view else [],
        "by_month": _by_month(found, start),
        "entries": found,
        "today": today,
    }
    return render(request, "portal/calendar.html", context)


def _by_month(entries: list[agenda.Entry], start: datetime.date) -> list[tuple]:
    months: dict[datetime.date, list[agenda.Entry]] = {}
    for entry in entries:
        months.setdefault(max(entry.first_day, start).replace(day=1), []).append(entry)
    return sorted(months.items())


@login_required
def calendar_feed_page(request):
    """Make, renew or stop one's private calendar address."""
    secret = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            if calendar_feeds.revoke_feed(request.user):
                messages.success(request, _("Your private calendar address no longer works."))
            return redirect("projects:calendar_feed")
        secret = calendar_feeds.issue_feed(request.user)
    feed = CalendarFeed.objects.filter(user=request.user).first()
    address = (
        request.build_absolute_uri(reverse("projects:private_calendar", args=[secret]))
        if secret
        else None
    )
    response = render(request, "portal/calendar_feed.html", {"feed": feed, "address": address})
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
def private_calendar(request, secret):
    """One user's calendar, for calendar programs, which cannot sign in: the secret is the key."""
    user = calendar_feeds.feed_owner(secret)
    if user is None:
        raise Http404(_("This calendar address does not work (any more)."))
    today = timezone.localdate()
    entries = agenda.private_entries(user, today - FEED_PAST, today + FEED_FUTURE)
    host = request.get_host().split(":")[0]
    vevents = []
    seen_calls = set()
    for entry in entries:
        if entry.event is not None:
            vevents.append(event_ical(entry.event, request))
        elif entry.kind == agenda.CALLS:
            call = entry.call
            if call.pk not in seen_calls:
                seen_calls.add(call.pk)
                vevents += call_events(call, request.build_absolute_uri(call_url(call)), host)
        else:
            vevents.append(
                ical.event(
                    uid=f"{entry.uid}@{host}",
                    start=entry.first_day,
                    end=entry.last_day + datetime.timedelta(days=1),
                    summary=f"{entry.label}: {entry.title}",
                    description=entry.scope,
                    url=request.build_absolute_uri(entry.url),
                )
            )
    return ical.calendar_response(_("My S3P calendar"), vevents, "s3p-my-calendar.ics")
