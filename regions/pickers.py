"""Pickers of regions, clusters and priorities: found by words of their names, or by their codes."""

import re
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.full_text import contains_every_word
from core.pickers import PickerField, SinglePickerField

from .filters import CLUSTER_SEARCH, PRIORITY_SEARCH, pickable_priorities
from .models import Cluster, Priority, Region
from .names import regions_matching

# "nace:C25", "nabs:07", "C25": how codes are written elsewhere, read as the code alone.
WRITTEN_CODE = re.compile(r"^(?:(?:nace|nabs):)?(?:[A-U](?=\d))?(?P<code>.+)$", re.IGNORECASE)


def search_priorities(queryset: QuerySet[Priority], query: str) -> QuerySet[Priority]:
    words = [WRITTEN_CODE.match(word)["code"] for word in query.split()]
    return queryset.filter(contains_every_word(words, PRIORITY_SEARCH.fields))


def search_regions(queryset: QuerySet[Region], query: str) -> QuerySet[Region]:
    # Countries and larger regions first: "PL22" before its NUTS 3 regions.
    return queryset.filter(pk__in=regions_matching(query)).order_by("level", "code")


def search_clusters(queryset: QuerySet[Cluster], query: str) -> QuerySet[Cluster]:
    matches = queryset.filter(contains_every_word(query.split(), CLUSTER_SEARCH.fields))
    return matches.order_by("name")


class PriorityField(PickerField):
    """Priorities as an Eye@RIS3 user knows them, found by typing part of their name."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            pickable_priorities(),
            search=search_priorities,
            to_label=lambda priority: priority.short_label,
            **kwargs,
        )


class RegionField(SinglePickerField):
    """A region found by its national, Latin or English name or its NUTS code."""

    default_error_messages = {"invalid_choice": _("Unknown NUTS code.")}

    def __init__(self, queryset: QuerySet[Region] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text", _("Type part of its name or its NUTS code, e.g. Śląskie or PL22.")
        )
        super().__init__(
            Region.objects.all() if queryset is None else queryset,
            search=search_regions,
            to_field_name="code",
            **kwargs,
        )

    def to_python(self, value: Any) -> Region | None:
        # A NUTS code as people write it: "pl22" is PL22.
        return super().to_python(value.strip().upper() if isinstance(value, str) else value)


class ClusterField(SinglePickerField):
    """A cluster organisation found by its name, acronym or description."""

    def __init__(self, queryset: QuerySet[Cluster], **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("Type part of its name or acronym."))
        super().__init__(queryset, search=search_clusters, **kwargs)
