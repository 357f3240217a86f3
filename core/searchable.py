"""What can be searched: each model's fields, declared once, and the global search's kinds.

A model's searchable fields are one `SearchFields`, read by its list page's
`q` (`SearchFieldsFilter` in the FilterSet), its API's `?search=`
(`search_fields = X.fields`) and the global search (the `Kind` its app
registers). Each app declares them in its `filters.py`, beside the FilterSet
that its page and its API already share to find rows, rather than on the
model: page, API and search all import filters.py, and the model says what a
row is, not how people look for it.

The apps register their kinds in `AppConfig.ready()` (`register`); the
search page (`portal.search`) reads `registered()` and imports no app.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import django_filters
from django.db.models import Model, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.full_text import contains_every_word

# The longest query any search takes: a list's `q`, the API's `?search=`, the search page.
MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class SearchFields:
    """The fields a search looks in; a row matches when each word of the query is in one of them.

    `document` are columns of the model's own table, which the trigger a
    migration built from exactly this list (`core.db_operations.SearchEntries`)
    reads into the rows' search entries: the global search matches on them
    alone. Changing them needs a migration that builds the trigger again
    (tests/test_searchable.py fails until then). `joined` are fields of
    related rows ("coordinator__name"), which no trigger of the table sees:
    only the list page and the API look in them.
    """

    document: tuple[str, ...]
    joined: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if any("__" in name for name in self.document):
            raise ValueError(f"A related field cannot be indexed with the table: {self.document}")
        if not all("__" in name for name in self.joined):
            raise ValueError(f"Columns of the table belong in the document: {self.joined}")

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field the list page and the API look in."""
        return (*self.document, *self.joined)


class SearchFieldsFilter(django_filters.CharFilter):
    """A list's `q`: each word of the query anywhere in one of the model's `SearchFields`.

    Words are split at white space only, so "e-mobility" is looked for as
    written; the global search finds a subset of these rows (whole words'
    beginnings, in the `document` fields), which its "See all" link relies on.
    """

    # `kwargs` are CharFilter's options (label, field_name, lookup_expr…).
    def __init__(self, search_fields: SearchFields, **kwargs: Any) -> None:
        self.search_fields = search_fields
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        super().__init__(**kwargs)

    def filter(self, qs: QuerySet, value: str | None) -> QuerySet:
        return qs.filter(contains_every_word((value or "").split(), self.search_fields.fields))


@dataclass
class Hit:
    """One row of the global search, as the page shows it."""

    title: str
    url: str
    description: str = ""
    meta: str = ""


@dataclass(frozen=True)
class Kind:
    """One group of the global search: its rows, the fields matched and how a row is shown."""

    key: str
    label: str | Promise
    # The name of the list page: its `q` filter looks for the same words anywhere
    # in a word, so it lists every match shown here, and a few more.
    list_view: str
    # The rows `user` may see: `rows(user)`.
    rows: Callable[..., QuerySet]
    search_fields: SearchFields
    # Rows matching here are shown first: their words weigh more in the rank
    # (the trigger's `titles`, `core.db_operations.SearchEntries`).
    titles: tuple[str, ...]
    to_hit: Callable[[Model], Hit]
    # The columns `to_hit` reads ("area__name" joins the area): long texts
    # are left in the database.
    columns: tuple[str, ...]
    order: tuple[str, ...]

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields matched: the declared document, which the search entries hold."""
        return self.search_fields.document

    @property
    def related(self) -> set[str]:
        return {column.split("__")[0] for column in self.columns if "__" in column}


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    """Let the global search find rows of `kind`; its key names the group on the page."""
    _kinds[kind.key] = kind


def registered() -> list[Kind]:
    """The kinds the apps registered, in the order they did (that of INSTALLED_APPS)."""
    return list(_kinds.values())
