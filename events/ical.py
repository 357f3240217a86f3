"""An event as an iCalendar VEVENT, for its `.ics` and the calendar feeds."""

from django.http import HttpRequest

from core import ical

from .models import Event


def event_ical(event: Event, request: HttpRequest) -> list[str]:
    # The online link is not in the file: a visitor's feed must not carry it.
    location = ", ".join(part for part in (event.venue, str(event.venue_region or "")) if part)
    return ical.event(
        uid=f"event-{event.pk}@{request.get_host().split(':')[0]}",
        start=event.starts_at,
        end=event.ends_at,
        summary=event.title,
        description=event.description,
        url=request.build_absolute_uri(event.get_absolute_url()),
        location=location,
        cancelled=event.is_cancelled,
    )
