"""Events shown on the pages of the apps below them (an area's steering committee decisions)."""

from django import template

from events.choices import DocumentKind, EventKind
from events.models import EventDocument

register = template.Library()


@register.inclusion_tag("events/_area_decisions.html")
def area_decisions(area):
    """The public decisions of the area's steering committees, newest first."""
    decisions = (
        EventDocument.objects.public()
        .filter(
            kind=DocumentKind.DECISIONS,
            event__area=area,
            event__kind=EventKind.STEERING_COMMITTEE,
            event__is_hidden=False,
        )
        .select_related("event")
        .order_by("-event__starts_at", "-pk")
    )
    return {"documents": decisions}
