"""Atom feeds of new thematic areas, calls and projects; the calendar of calls and its iCal feed.

They read several apps, so they live here at the top of the dependency chain.
Only what a visitor may see is published: approved areas, published
projects, and calls (which are public from the start).
"""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from core.cache import cache_for_visitors
from partnerships.models import Call
from projects.models import InvestmentProject
from thematic_areas.models import ThematicArea

FEED_SIZE = 30


def call_url(call):
    return reverse("partnerships:call_list") + f"#call-{call.pk}"


class AreaFeed(Feed):
    feed_type = Atom1Feed
    title = _("New thematic areas — S3P Industrial Modernisation")
    link = reverse_lazy("thematic_areas:area_list")
    subtitle = _("Thematic areas approved on the platform, newest first.")

    def items(self):
        # Areas known from sources have no decision or proposal date: last.
        return ThematicArea.objects.public().order_by(
            F("decided_at").desc(nulls_last=True), F("created_at").desc(nulls_last=True), "name"
        )[:FEED_SIZE]

    def item_title(self, item):
        return item.name

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.decided_at or item.created_at

    def item_updateddate(self, item):
        return item.updated_at


class CallFeed(Feed):
    feed_type = Atom1Feed
    title = _("Calls for expressions of interest — S3P Industrial Modernisation")
    link = reverse_lazy("partnerships:call_list")
    subtitle = _("Calls to join partnerships, newest first.")

    def items(self):
        return Call.objects.order_by("-opens_on", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return _("Open from %(opens)s to %(closes)s. %(description)s") % {
            "opens": item.opens_on.isoformat(),
            "closes": item.closes_on.isoformat(),
            "description": item.description,
        }

    def item_link(self, item):
        return call_url(item)

    def item_pubdate(self, item):
        return datetime.datetime.combine(item.opens_on, datetime.time(), tzinfo=datetime.UTC)


class ProjectFeed(Feed):
    feed_type = Atom1Feed
    title = _("New investment projects — S3P Industrial Modernisation")
    link = reverse_lazy("projects:project_list")
    subtitle = _("Investment projects published in the thematic areas, newest first.")

    def items(self):
        return (
            InvestmentProject.objects.published()
            .select_related("area")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_categories(self, item):
        return [item.area.name]

    def item_pubdate(self, item):
        return item.published_at or item.created_at


def ical_text(value):
    """Escape a TEXT value as RFC 5545 (section 3.3.11) requires."""
    text = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line):
    """Fold a content line at 75 octets, continuing with a space (RFC 5545 3.1)."""
    data = line.encode()
    parts = []
    while len(data) > 75:
        cut = 75 if not parts else 74
        # Never split inside a UTF-8 sequence.
        while cut and (data[cut] & 0xC0) == 0x80:
            cut -= 1
        parts.append(data[:cut])
        data = data[cut:]
    parts.append(data)
    return b"\r\n ".join(parts).decode()


def _event(uid, stamp, start, end, summary, description, url):
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{end:%Y%m%d}",
        f"SUMMARY:{ical_text(summary)}",
        f"DESCRIPTION:{ical_text(description)}",
        f"URL:{url}",
        "END:VEVENT",
    ]


@cache_for_visitors
def calls_ical(request):
    """Each call as an all-day event over its window, and its closing day as a deadline."""
    host = request.get_host().split(":")[0]
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//European Commission//S3P Industrial Modernisation//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{ical_text(_('S3P calls and deadlines'))}",
    ]
    day = datetime.timedelta(days=1)
    for call in Call.objects.order_by("opens_on", "pk"):
        url = request.build_absolute_uri(call_url(call))
        lines += _event(
            f"call-{call.pk}@{host}",
            stamp,
            call.opens_on,
            call.closes_on + day,
            call.title,
            call.description,
            url,
        )
        lines += _event(
            f"call-{call.pk}-deadline@{host}",
            stamp,
            call.closes_on,
            call.closes_on + day,
            _("Deadline: %(call)s") % {"call": call.title},
            _("Last day to apply."),
            url,
        )
    lines.append("END:VCALENDAR")
    body = "\r\n".join(fold(line) for line in lines) + "\r\n"
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="s3p-calls.ics"'
    return response


@cache_for_visitors
def calls_calendar(request):
    """Calls still to come or open, by closing date: the deadlines first."""
    today = timezone.localdate()
    calls = Call.objects.filter(closes_on__gte=today).order_by("closes_on", "opens_on", "pk")
    return render(request, "portal/calendar.html", {"calls": calls, "today": today})
