"""Counts of the rows a list shows, kept until the next write."""

import hashlib
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from core.cache import cached_until_write, watches


class CountedPaginator(Paginator):
    """A paginator whose count is kept until the next write (`core.cache`), per exact query.

    A count is a function of the rows its query reads: the query's SQL and
    parameters, under the content version, name it for whoever asks the same
    (a signed-in user's own query holds their ids, so its count is theirs).
    Counting the 100,000 public projects of EU scale cost most of a signed-in
    list page, paid again on every page turned. Rows of tables whose writes
    do not move the version (`core.cache.watch_app`) are counted each time.
    """

    @cached_property
    def count(self) -> int:
        rows: Any = self.object_list
        if not isinstance(rows, QuerySet) or not watches(rows.model):
            return super().count
        try:
            sql, params = rows.query.sql_with_params()
        except EmptyResultSet:  # a query that can match nothing, such as `pk__in=[]`
            return 0
        query = hashlib.sha256(f"{rows.db}|{sql}|{params!r}".encode()).hexdigest()
        return cached_until_write(f"count:{rows.model._meta.label}:{query}", rows.count)
