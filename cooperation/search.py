"""What the global search finds of cooperation postings (registered in apps.py)."""

from django.utils.translation import gettext_lazy as _

from core.searchable import Hit, Kind

from .filters import POSTING_SEARCH
from .permissions import visible_postings


def _posting_hit(posting):
    return Hit(
        posting.title,
        posting.get_absolute_url(),
        "",
        f"{posting.get_direction_display()} · {posting.get_kind_display()}",
    )


POSTINGS = Kind(
    "postings",
    _("Cooperation offers and requests"),
    list_view="cooperation:posting_list",
    rows=visible_postings,
    search_fields=POSTING_SEARCH,
    titles=("title",),
    to_hit=_posting_hit,
    columns=("title", "slug", "direction", "kind"),
    order=("-created_at",),
)
