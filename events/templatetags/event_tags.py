"""Events on the pages of the apps below them: an area's or a partnership's coming events,
and the decisions of an area's steering committees."""

from django import template
from django.db.models import Count, Q
from django.utils import timezone

from events.choices import DocumentKind, EventKind, Visibility
from events.models import EventDocument

register = template.Library()

# The coming events a page lists; the events list has them all.
COMING = 10
PUBLIC_DECISIONS = Q(
    documents__kind=DocumentKind.DECISIONS, documents__visibility=Visibility.PUBLIC
)


@register.inclusion_tag("events/_area_events.html")
def area_events(area, organise: bool = False):
    """The area's coming events and its steering committees' public decisions, newest first.

    One query finds both kinds of event, a second reads the decisions only
    when there are some: most areas' pages cost one query for this.
    """
    now = timezone.now()
    events = list(
        area.events.listed()
        .annotate(decisions=Count("documents", filter=PUBLIC_DECISIONS))
        .filter(Q(ends_at__gte=now) | Q(kind=EventKind.STEERING_COMMITTEE, decisions__gt=0))
        .order_by("starts_at", "pk")
    )
    deciding = [e for e in events if e.kind == EventKind.STEERING_COMMITTEE and e.decisions]
    decisions = (
        EventDocument.objects.public()
        .filter(kind=DocumentKind.DECISIONS, event__in=deciding)
        .select_related("event")
        .order_by("-event__starts_at", "-pk")
        if deciding
        else []
    )
    return {
        "events": [e for e in events if e.ends_at >= now][:COMING],
        "decisions": decisions,
        "filter": f"area={area.slug}",
        "organise_scope": f"area:{area.slug}" if organise else "",
    }


@register.inclusion_tag("events/_coming_events.html")
def partnership_events(partnership):
    coming = partnership.events.listed().upcoming().order_by("starts_at", "pk")[:COMING]
    return {"events": coming, "filter": f"partnership={partnership.slug}", "organise_scope": ""}
