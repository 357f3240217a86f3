"""The global search's one query over every kind, on PostgreSQL (`core.SearchEntry`).

Each kind's rows have an entry with their words, kept by a trigger in the
statement that writes the row. One statement finds, for every kind at
once, the entries holding each word of the query as the beginning of one
of their words, among the rows the user may see (each kind's visibility,
as its own pages apply it, as a subquery), and ranks them: words of the
title weigh more. The one GIN index on (kind, words) serves each kind's part.

Each kind stops at `cap` matches, found unordered, so a common word costs
no more than a rare one: past the cap, the rows ranked are the first found,
not all of them.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import QuerySet

from core.full_text import CONFIG, prefix_tsquery
from core.models import SearchEntry


@dataclass
class Matches:
    """A kind's best-ranked matches (ids, best first) and how many were found, up to the cap."""

    ids: list[int]
    found: int


def available() -> bool:
    """True where the entries are written: the trigger and the index are PostgreSQL's."""
    return connections[router.db_for_read(SearchEntry)].vendor == "postgresql"


def _kind_part(kind: str, visible: QuerySet[Any], words: str, cap: int) -> tuple[str, list[Any]]:
    """One kind's first `cap` matches among `visible`, with their rank.

    The query's words are written in each part, not read from a common
    table: a constant, the planner gives it to the index. Each match found
    is then looked up among the visible rows by its id, one index probe a
    match until the cap: `OFFSET 0` keeps PostgreSQL from turning the test
    into a join, for which it may read every visible row of a large table
    (27,000 clusters to keep 200) when its estimate of the matches is off.
    """
    visible_sql, visible_params = visible.order_by().values("pk").query.sql_with_params()
    sql = (
        "(SELECT e.kind, e.object_id, ts_rank(e.document, to_tsquery(%s, %s)) AS rank "  # noqa: S608
        "FROM core_searchentry e "
        "WHERE e.kind = %s AND e.document @@ to_tsquery(%s, %s) AND EXISTS ("
        f"SELECT 1 FROM ({visible_sql}) AS visible (id) WHERE visible.id = e.object_id OFFSET 0"
        ") LIMIT %s)"
    )
    return sql, [CONFIG, words, kind, CONFIG, words, *visible_params, cap]


def ranked_matches(
    visible: Sequence[tuple[str, QuerySet[Any]]],
    found_words: Sequence[str],
    cap: int,
    shown: int,
) -> dict[str, Matches]:
    """For each (kind, rows the user may see): its `shown` best matches of every word, of
    its first `cap` found. Kinds without a match are left out."""
    words = prefix_tsquery(found_words)
    parts, params = [], []
    for kind, rows in visible:
        try:
            sql, kind_params = _kind_part(kind, rows, words, cap)
        except EmptyResultSet:
            continue  # the user may see none of this kind
        parts.append(sql)
        params += kind_params
    if not parts:
        return {}
    # The parts are the ORM's SQL, their parameters passed alongside.
    statement = (
        "SELECT kind, object_id, total FROM ("  # noqa: S608
        "SELECT kind, object_id, COUNT(*) OVER (PARTITION BY kind) AS total, "
        "ROW_NUMBER() OVER (PARTITION BY kind ORDER BY rank DESC, object_id) AS position "
        f"FROM ({' UNION ALL '.join(parts)}) found"
        ") ranked WHERE position <= %s ORDER BY kind, position"
    )
    matches: dict[str, Matches] = {}
    with connections[router.db_for_read(SearchEntry)].cursor() as cursor:
        cursor.execute(statement, [*params, shown])
        for kind, object_id, total in cursor.fetchall():
            matches.setdefault(kind, Matches([], total)).ids.append(object_id)
    return matches
