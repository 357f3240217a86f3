"""Atom feeds of new thematic areas, calls, projects and events; the calendar and its iCal feed.

They read several apps, so they live here at the top of the dependency chain.
Only what a visitor may see is published: approved areas, published
projects, calls (which are public from the start) and the events of public
areas that no moderator hid.
"""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse_lazy
from django.utils import formats
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from core import ical
from core.cache import cache_for_visitors
from events.ical import event_ical
from events.permissions import visible_events
from partnerships.models import Call
from projects.models import InvestmentProject
from thematic_areas.models import ThematicArea

from .agenda import call_url

FEED_SIZE = 30


class NewsFeed(Feed):
    """An Atom feed of the newest records of one kind, each titled by its `title`."""

    feed_type = Atom1Feed

    def item_title(self, item):
        # Returned as is: Feed's default, str(item), would be HTML-escaped once more.
        return item.title


class AreaFeed(NewsFeed):
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


class CallFeed(NewsFeed):
    title = _("Calls for expressions of interest — S3P Industrial Modernisation")
    link = reverse_lazy("partnerships:call_list")
    subtitle = _("Calls to join partnerships, newest first.")

    def items(self):
        return Call.objects.order_by("-opens_on", "-pk")[:FEED_SIZE]

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


class ProjectFeed(NewsFeed):
    title = _("New investment projects — S3P Industrial Modernisation")
    link = reverse_lazy("projects:project_list")
    subtitle = _("Investment projects published in the thematic areas, newest first.")

    def items(self):
        return (
            InvestmentProject.objects.published()
            .select_related("area")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_description(self, item):
        return item.summary

    def item_categories(self, item):
        return [item.area.name]

    def item_pubdate(self, item):
        return item.published_at or item.created_at


class EventFeed(NewsFeed):
    title = _("Events — S3P Industrial Modernisation")
    link = reverse_lazy("events:event_list")
    subtitle = _("Events and meetings of the platform, newest announcements first.")

    def items(self):
        return (
            visible_events(AnonymousUser())
            .select_related("area", "partnership")
            .order_by("-created_at", "-pk")[:FEED_SIZE]
        )

    def item_description(self, item):
        return _("%(kind)s, %(when)s (%(zone)s). %(description)s") % {
            "kind": item.get_kind_display(),
            "when": formats.date_format(item.local_start, "DATETIME_FORMAT"),
            "zone": item.time_zone,
            "description": item.description,
        }

    def item_categories(self, item):
        return [scope.name for scope in (item.area, item.partnership) if scope is not None]

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at


def call_events(call: Call, url: str, host: str) -> list[list[str]]:
    """A call as an all-day event over its window, and its closing day as a deadline."""
    day = datetime.timedelta(days=1)
    return [
        ical.event(
            uid=f"call-{call.pk}@{host}",
            start=call.opens_on,
            end=call.closes_on + day,
            summary=call.title,
            description=call.description,
            url=url,
        ),
        ical.event(
            uid=f"call-{call.pk}-deadline@{host}",
            start=call.closes_on,
            end=call.closes_on + day,
            summary=_("Deadline: %(call)s") % {"call": call.title},
            description=_("Last day to apply."),
            url=url,
        ),
    ]


@cache_for_visitors
def calls_ical(request):
    """The calls, their deadlines and the events a visitor may see, for calendar programs."""
    host = request.get_host().split(":")[0]
    entries = [
        entry
        for call in Call.objects.order_by("opens_on", "pk")
        for entry in call_events(call, request.build_absolute_uri(call_url(call)), host)
    ]
    events = visible_events(request.user).select_related("venue_region").order_by("starts_at", "pk")
    entries += [event_ical(event, request) for event in events]
    return ical.calendar_response(_("S3P calls and deadlines"), entries, "s3p-calls.ics")
