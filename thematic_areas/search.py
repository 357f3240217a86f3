"""What the global search finds of thematic areas (registered in apps.py)."""

from django.utils.translation import gettext_lazy as _

from core.searchable import Hit, Kind

from .filters import AREA_SEARCH
from .permissions import visible_areas


def _hit(area):
    return Hit(area.name, area.get_absolute_url(), area.summary, area.get_status_display())


AREAS = Kind(
    "areas",
    _("Thematic areas"),
    list_view="thematic_areas:area_list",
    rows=visible_areas,
    search_fields=AREA_SEARCH,
    titles=("name",),
    to_hit=_hit,
    columns=("name", "slug", "summary", "status"),
    order=("name",),
)
