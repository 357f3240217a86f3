"""What the global search finds of partnerships and calls (registered in apps.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.searchable import Hit, Kind

from .filters import CALL_SEARCH, PARTNERSHIP_SEARCH
from .models import Call
from .permissions import visible_partnerships


def _partnership_hit(partnership):
    return Hit(
        partnership.name,
        partnership.get_absolute_url(),
        partnership.area.name,
        partnership.get_kind_display(),
    )


def _call_hit(call):
    return Hit(call.title, f"{reverse('partnerships:call_list')}#call-{call.pk}", "", "")


PARTNERSHIPS = Kind(
    "partnerships",
    _("Partnerships"),
    list_view="partnerships:partnership_list",
    rows=visible_partnerships,
    search_fields=PARTNERSHIP_SEARCH,
    titles=("name",),
    to_hit=_partnership_hit,
    columns=("name", "slug", "kind", "area__name"),
    order=("name",),
)

CALLS = Kind(
    "calls",
    _("Calls"),
    list_view="partnerships:call_list",
    rows=lambda user: Call.objects.all(),
    search_fields=CALL_SEARCH,
    titles=("title",),
    to_hit=_call_hit,
    columns=("title",),
    order=("-closes_on",),
)
