"""Global search across the kinds the apps register (`core.searchable`).

The apps register areas, regions, clusters, partnerships, calls, projects,
events and postings. Each group holds the rows the user may see by the
same visibility rules as its own pages (the apps' permission helpers) in
which every word of the query begins a word of the kind's declared
document. On PostgreSQL one statement finds and ranks them for every kind
at once, from the search entries (`core.search_entries`); elsewhere each
kind's table is read. Then one query a group shown reads its first rows.
Counting stops at `COUNT_CAP`: past it a count says "more than", so a
common word costs no more than a rare one.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Case, Count, Model, QuerySet, Value, When, Window
from django.urls import reverse

from core import search_entries, searchable
from core.full_text import contains_every_word, words
from core.search_entries import Matches
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


def _shown(kind: Kind, rows: QuerySet) -> QuerySet:
    """What a group shows of `rows`: only the columns its hits read."""
    return rows.select_related(*kind.related).only(*kind.columns)


def _rows_in_table(kind: Kind, visible: QuerySet, found_words: list[str]) -> tuple[list, int]:
    """Without search entries, in one query: the kind's first rows, those whose title matches
    first, and how many matches there are up to the cap.

    The matches are found unordered, so the database stops at the cap
    instead of sorting every match of a common word; only they are ordered.
    """
    found = visible.filter(contains_every_word(found_words, kind.fields))
    found = found.order_by().values("pk")[: COUNT_CAP + 1]
    title_first = Case(
        When(contains_every_word(found_words, kind.titles), then=Value(0)), default=Value(1)
    )
    rows = list(
        _shown(kind, visible.model._default_manager.filter(pk__in=found))
        .order_by(title_first, *kind.order)
        .annotate(found=Window(Count("pk")))[:ROWS_PER_GROUP]
    )
    return rows, rows[0].found if rows else 0


def _ranked_rows(kind: Kind, model: type[Model], matches: Matches) -> list:
    """The rows of the best-ranked matches, in their order, read in one query."""
    if not matches.ids:
        return []
    rows = _shown(kind, model._default_manager.filter(pk__in=matches.ids)).in_bulk()
    # A row deleted since the matches were found is left out.
    return [rows[pk] for pk in matches.ids if pk in rows]


def _group(kind: Kind, query: str, rows: list, found: int) -> Group:
    return Group(
        key=kind.key,
        label=kind.label,
        count=min(found, COUNT_CAP),
        hits=[kind.to_hit(row) for row in rows],
        more=found > COUNT_CAP,
        list_url=f"{reverse(kind.list_view)}?{urlencode({'q': query})}",
    )


def kinds() -> list[Kind]:
    """The registered kinds, in the page's order."""
    position = {key: index for index, key in enumerate(GROUP_ORDER)}
    return sorted(searchable.registered(), key=lambda kind: position.get(kind.key, len(position)))


def search(user, query: str) -> list[Group]:
    """The groups of results for `query` that `user` may see, groups without hits included.

    A query without a word (punctuation only) finds nothing.
    """
    found_words, groups = words(query), kinds()
    if not found_words:
        return [Group(kind.key, kind.label, 0) for kind in groups]
    visible = {kind.key: kind.rows(user) for kind in groups}
    if not search_entries.available():
        return [
            _group(kind, query, *_rows_in_table(kind, visible[kind.key], found_words))
            for kind in groups
        ]
    ranked = search_entries.ranked_matches(
        list(visible.items()), found_words, cap=COUNT_CAP + 1, shown=ROWS_PER_GROUP
    )
    results = []
    for kind in groups:
        matches = ranked.get(kind.key, Matches([], 0))
        rows = _ranked_rows(kind, visible[kind.key].model, matches)
        results.append(_group(kind, query, rows, matches.found))
    return results
