"""Every row of a query of any size, in constant memory: how the exports read their tables."""

from collections.abc import Iterator
from typing import Generic, TypeVar

from django.db.models import Model, QuerySet

BATCH_SIZE = 1000

M = TypeVar("M", bound=Model)


class InBatches(Generic[M]):
    """The rows of `queryset`, in its order, fetched `size` at a time by primary key.

    The keys come first, in one query of a few bytes a row, and fix which
    rows the export holds; then each batch is fetched by its keys, with the
    queryset's `select_related` and `prefetch_related`. No OFFSET grows with
    the depth, no server-side cursor stays open while a slow client reads,
    and memory holds one batch of rows whatever the size of the table. A row
    deleted meanwhile is left out.
    """

    def __init__(self, queryset: QuerySet[M], size: int | None = None) -> None:
        self.queryset = queryset
        self.size = size or BATCH_SIZE
        self.keys = list(queryset.values_list("pk", flat=True))

    def __len__(self) -> int:
        return len(self.keys)

    def __iter__(self) -> Iterator[M]:
        unordered = self.queryset.order_by()
        for start in range(0, len(self.keys), self.size):
            keys = self.keys[start : start + self.size]
            rows = unordered.in_bulk(keys)
            yield from (rows[key] for key in keys if key in rows)
