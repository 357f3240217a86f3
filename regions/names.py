"""Regions found by their names as people type them: any of their names or their code,
with or without accents ("Slaskie" is Śląskie, "Lodzkie" is Łódzkie).

The databases compare accents exactly (SQLite has no unaccent, PostgreSQL's
needs an extension), so the few thousand regions' names are folded once in
Python and kept until the next write.
"""

from itertools import islice

from core.cache import cached_until_write
from core.text import folded

from .models import Region

# The most regions a search hands on, largest first: a picker shows fewer.
MAX_MATCHES = 200


def _index() -> list[tuple[int, tuple[str, ...], str]]:
    """(id, folded names, folded names and code) of every region, largest first."""
    rows = Region.objects.order_by("level", "code").values_list(
        "pk", "code", "name", "name_en", "name_national"
    )
    index = []
    for pk, code, *names in rows:
        names_folded = tuple(folded(name) for name in names if name)
        index.append((pk, names_folded, " ".join((code.casefold(), *names_folded))))
    return index


def region_index() -> list[tuple[int, tuple[str, ...], str]]:
    return cached_until_write("region-names", _index)


def regions_matching(query: str) -> list[int]:
    """Ids of the regions whose names or code contain every word of `query`, largest first."""
    words = [folded(word) for word in query.split()]
    if not words:
        return []
    matches = (pk for pk, _names, text in region_index() if all(w in text for w in words))
    return list(islice(matches, MAX_MATCHES))


def regions_named(name: str) -> list[int]:
    """Ids of the regions one of whose names is `name`, accents and case aside, largest first."""
    wanted = folded(name.strip())
    return [pk for pk, names, _text in region_index() if wanted in names][:MAX_MATCHES]
