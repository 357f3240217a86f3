"""Word-prefix search: PostgreSQL full text with a GIN index, or `icontains` elsewhere.

A search is split into words, and a row matches when every word begins a
word of one of its fields: "batter" finds "Batteries" and "battery", "es5"
finds region ES51. On PostgreSQL the fields are read as one document with
the portal's own configuration, `CONFIG`: `simple` (lower case, no stemming
and no stop words: names and summaries come in every EU language) after the
`unaccent` dictionary, so that "slaskie" finds Śląskie and "Malaga" Málaga,
in the documents and in the query alike. `document_index` builds the GIN
index that serves exactly the expression `matching` filters on; the
configuration is made by `core.db_operations` before any such index. Other
databases (SQLite, the embedded default) look for each word anywhere in a
field, which finds the same rows and, inside words, a few more, but does not
fold accents.
"""

import re
from collections.abc import Iterable
from typing import Any, TypeVar

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorExact
from django.db import connections
from django.db.models import Q, QuerySet

CONFIG = "s3p_search"
# PostgreSQL's parser splits words at the same places (underscores too).
WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 10

# Any queryset, kept as its own class (a manager's custom queryset keeps its methods).
QuerySetT = TypeVar("QuerySetT", bound=QuerySet[Any])


def words(query: str) -> list[str]:
    return WORD.findall(query)[:MAX_WORDS]


def document(*fields: str) -> SearchVector:
    return SearchVector(*fields, config=CONFIG)


def document_index(name: str, *fields: str) -> GinIndex:
    return GinIndex(document(*fields), name=name)


def prefix_query(found_words: Iterable[str]) -> SearchQuery:
    """Every word as the prefix of a document word; quoted, so none is read as an operator."""
    return SearchQuery(
        " & ".join(f"'{word}':*" for word in found_words), search_type="raw", config=CONFIG
    )


def uses_full_text(queryset: QuerySet[Any]) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def condition(query: str, *fields: str, full_text: bool) -> SearchVectorExact | Q:
    """True where every word of `query` is in one of `fields` (for filter or When).

    With full text, a word must begin a word of the field; without, it may
    stand anywhere in it. Pass a query in which `words()` finds words: with
    none, every row would match.
    """
    found_words = words(query)
    if full_text:
        return SearchVectorExact(document(*fields), prefix_query(found_words))
    return contains_every_word(found_words, fields)


def contains_every_word(found_words: Iterable[str], fields: Iterable[str]) -> Q:
    """True where each of `found_words` stands anywhere in one of `fields` (no words: always)."""
    fields = tuple(fields)
    every_word = Q()
    for word in found_words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        every_word &= any_field
    return every_word


def matching(
    queryset: QuerySetT, query: str, *fields: str, full_text: bool | None = None
) -> QuerySetT:
    """The rows of `queryset` in which every word of `query` begins a word of one of `fields`.

    No words (punctuation only) match nothing. `full_text` forces one way
    or the other; by default the database decides.
    """
    if not words(query):
        return queryset.none()
    if full_text is None:
        full_text = uses_full_text(queryset)
    return queryset.filter(condition(query, *fields, full_text=full_text))
