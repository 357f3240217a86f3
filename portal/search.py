"""Global search across the kinds the apps register (`core.searchable`).

The apps register areas, regions, clusters, partnerships, calls and
projects. Each group is filtered by the same visibility rules as its own
pages (the apps' permission helpers), matched word by word on its declared
fields (`core.full_text`: PostgreSQL full text with GIN indexes), counted,
and cut to its first rows, those whose title matches first: one query per
group, whatever the number of matches. Counting stops at `COUNT_CAP`: past it
a count says "more than", so a common word costs no more than a rare one.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Case, Count, Value, When, Window
from django.urls import reverse

from core import searchable
from core.full_text import condition, matching, words
from core.searchable import MAX_QUERY_LENGTH as MAX_QUERY_LENGTH
from core.searchable import Hit, Kind

# The search page (portal.views) refuses queries shorter than this, or longer
# than MAX_QUERY_LENGTH, the limit of the lists' `q` and the API's `?search=`.
MIN_QUERY_LENGTH = 2
ROWS_PER_GROUP = 10
COUNT_CAP = 200
# The order of the groups on the page, which is the search page's to choose;
# a kind it does not name comes after these, in the order it was registered.
GROUP_ORDER = (
    "areas",
    "regions",
    "clusters",
    "partnerships",
    "calls",
    "projects",
    "events",
    "postings",
)


@dataclass
class Group:
    key: str
    label: str
    count: int
    hits: list[Hit] = field(default_factory=list)
    # True when there are more than `count` matches (counting stopped at the cap).
    more: bool = False
    # The group's own list, searched for the same words: every match, paginated.
    list_url: str = ""


def _group(kind, user, query, full_text):
    """One query: the first rows among the first COUNT_CAP + 1 matches, and their count.

    The matches are found unordered, so the database stops at the cap
    instead of sorting every match of a common word; past the cap, the rows
    shown are the first among the matches found, not among all.
    """
    queryset = kind.rows(user)
    found = matching(queryset, query, *kind.fields, full_text=full_text)
    found = found.order_by().values("pk")[: COUNT_CAP + 1]
    # Only the matches found are ordered: a substring test of their short
    # titles is cheaper than building a document for each (and finds those too).
    title_first = Case(
        When(condition(query, *kind.titles, full_text=False), then=Value(0)),
        default=Value(1),
    )
    rows = list(
        queryset.model._default_manager.filter(pk__in=found)
        .select_related(*kind.related)
        .only(*kind.columns)
        .order_by(title_first, *kind.order)
        .annotate(found=Window(Count("pk")))[:ROWS_PER_GROUP]
    )
    count = rows[0].found if rows else 0
    return Group(
        key=kind.key,
        label=kind.label,
        count=min(count, COUNT_CAP),
        hits=[kind.to_hit(obj) for obj in rows],
        more=count > COUNT_CAP,
        list_url=f"{reverse(kind.list_view)}?{urlencode({'q': query})}",
    )


def kinds() -> list[Kind]:
    """The registered kinds, in the page's order."""
    position = {key: index for index, key in enumerate(GROUP_ORDER)}
    return sorted(searchable.registered(), key=lambda kind: position.get(kind.key, len(position)))


def search(user, query, full_text=None):
    """The groups of results for `query` that `user` may see, groups without hits included.

    A query without a word (punctuation only) finds nothing. `full_text`
    forces the way of matching (`core.full_text`); by default the
    database decides.
    """
    if not words(query):
        return [Group(kind.key, kind.label, 0) for kind in kinds()]
    return [_group(kind, user, query, full_text) for kind in kinds()]
