"""Filters of the events list, shared by the page, the calendar and the REST API."""

import django_filters
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.listing import sort_by
from core.searchable import SearchFields, SearchFieldsFilter
from partnerships.filters import area_filter, partnership_filter
from regions.filters import ANY, country_filter

from .choices import EventKind
from .models import Event


class When(models.TextChoices):
    UPCOMING = "upcoming", _("Coming and under way")
    PAST = "past", _("Past")


# As the search entries of events/migrations/0006_search_entries.py.
EVENT_SEARCH = SearchFields(document=("title", "description", "venue"))


class EventFilter(django_filters.FilterSet):
    when = django_filters.ChoiceFilter(
        label=_("When"), method="filter_when", choices=When.choices, empty_label=ANY
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EventKind.choices, empty_label=ANY)
    area = area_filter()
    partnership = partnership_filter()
    country = country_filter(help_text=_("Where the venue is."))
    q = SearchFieldsFilter(EVENT_SEARCH)
    ordering = sort_by(
        (("starts_at", "date"), ("title", "title")),
        {"starts_at": _("Date"), "title": _("Title")},
    )

    class Meta:
        model = Event
        fields = []

    def filter_when(self, qs, name, value):
        now = timezone.now()
        if value == When.PAST:
            return qs.filter(ends_at__lt=now)
        return qs.filter(ends_at__gte=now)

    def filter_country(self, qs, name, value):
        return qs.filter(venue_region__country=value.upper())
