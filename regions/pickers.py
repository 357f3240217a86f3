"""The priority picker: NACE and NABS codes found by words of their names, or by their codes."""

import re
from typing import Any

from django.db.models import Q, QuerySet

from core.full_text import contains_every_word
from core.pickers import PickerField
from core.searchable import SearchFields

from .choices import PriorityScheme
from .models import Priority

# What a priority search looks in: the picker's and the API's `?search=`.
PRIORITY_SEARCH = SearchFields(document=("code", "name"))
# "nace:C25", "nabs:07", "C25": how codes are written elsewhere, read as the code alone.
WRITTEN_CODE = re.compile(r"^(?:(?:nace|nabs):)?(?:[A-U](?=\d))?(?P<code>.+)$", re.IGNORECASE)


def pickable_priorities() -> QuerySet[Priority]:
    """NACE sections and divisions and NABS chapters: the codes matchmaking compares."""
    return Priority.objects.filter(
        Q(scheme=PriorityScheme.NACE, level__lte=2) | Q(scheme=PriorityScheme.NABS)
    ).order_by("scheme", "code")


def search_priorities(queryset: QuerySet[Priority], query: str) -> QuerySet[Priority]:
    words = [WRITTEN_CODE.match(word)["code"] for word in query.split()]
    return queryset.filter(contains_every_word(words, PRIORITY_SEARCH.fields))


class PriorityField(PickerField):
    """Priorities as an Eye@RIS3 user knows them, found by typing part of their name."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            pickable_priorities(),
            search=search_priorities,
            to_label=lambda priority: priority.short_label,
            **kwargs,
        )
