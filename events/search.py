"""What the global search finds of events (registered in apps.py)."""

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.searchable import Hit, Kind

from .filters import EVENT_SEARCH
from .permissions import visible_events


def _event_hit(event):
    return Hit(
        event.title,
        event.get_absolute_url(),
        event.venue,
        f"{event.get_kind_display()} · {date_format(event.local_start, 'DATE_FORMAT')}",
    )


EVENTS = Kind(
    "events",
    _("Events"),
    list_view="events:event_list",
    rows=visible_events,
    search_fields=EVENT_SEARCH,
    titles=("title",),
    to_hit=_event_hit,
    columns=("title", "slug", "kind", "venue", "starts_at", "time_zone"),
    order=("-starts_at",),
)
