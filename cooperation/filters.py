"""Filters of the postings list, shared by the page and the REST API."""

import django_filters
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.listing import sort_by
from core.searchable import SearchFields, SearchFieldsFilter
from partnerships.filters import area_filter
from regions.filters import ANY, country_filter, priority_filter

from .choices import Direction, PostingKind
from .models import Posting


class State(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


# As the search entries of cooperation/migrations/0005_search_entries.py.
POSTING_SEARCH = SearchFields(document=("title", "description"))


class PostingFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=_("Open or closed"), method="filter_state", choices=State.choices, empty_label=ANY
    )
    direction = django_filters.ChoiceFilter(
        label=_("Offers or requests"), choices=Direction.choices, empty_label=ANY
    )
    kind = django_filters.ChoiceFilter(
        label=_("What"), choices=PostingKind.choices, empty_label=ANY
    )
    priority = priority_filter(_("Sector or priority"))
    area = area_filter()
    country = country_filter(help_text=_("Where the posting organisation is."))
    q = SearchFieldsFilter(POSTING_SEARCH)
    ordering = sort_by(
        (("created_at", "posted"), ("closes_on", "closes"), ("title", "title")),
        {"created_at": _("Date posted"), "closes_on": _("Closing date"), "title": _("Title")},
    )

    class Meta:
        model = Posting
        fields = []

    def filter_state(self, qs, name, value):
        return qs.closed() if value == State.CLOSED else qs.open()

    def filter_priority(self, qs, name, value):
        return qs.filter(pk__in=value.postings.values("pk"))

    def filter_country(self, qs, name, value):
        code = value.upper()
        return qs.filter(models.Q(region__country=code) | models.Q(cluster__region__country=code))
