"""Word-prefix search: PostgreSQL full text, or `icontains` elsewhere.

A search is split into words, and a row matches when every word begins a
word of one of its fields: "batter" finds "Batteries" and "battery", "es5"
finds region ES51. On PostgreSQL the words of a row are kept in its search
entry (`core.SearchEntry`, searched by `core.search_entries`), read with the
portal's own configuration, `CONFIG`: `simple` (lower case, no stemming and
no stop words: names and summaries come in every EU language) after the
`unaccent` dictionary, so that "slaskie" finds Śląskie and "Malaga" Málaga,
in the documents and in the query alike; `core.db_operations` makes the
configuration. Other databases (SQLite, the embedded default) look for each
word anywhere in a field (`contains_every_word`), which finds the same rows
and, inside words, a few more, but does not fold accents.
"""

import re
from collections.abc import Iterable

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db.models import Q

CONFIG = "s3p_search"
# PostgreSQL's parser splits words at the same places (underscores too).
WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 10


def words(query: str) -> list[str]:
    return WORD.findall(query)[:MAX_WORDS]


def document_index(name: str, *fields: str) -> GinIndex:
    """A table's own full-text index, as the migrations before the search entries built it."""
    return GinIndex(SearchVector(*fields, config=CONFIG), name=name)


def prefix_tsquery(found_words: Iterable[str]) -> str:
    """Every word as the prefix of a document word, for `to_tsquery`; quoted, so none is
    read as an operator (and `words()` leaves no quote in a word)."""
    return " & ".join(f"'{word}':*" for word in found_words)


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
