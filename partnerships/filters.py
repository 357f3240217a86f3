"""Filters of the partnership and call lists, shared by the pages and the REST API.

Areas and partnerships are given by slug, or by name as typed in full, and
offered as choices among the public ones only: a proposal's slug is refused
exactly like one that does not exist, so the filters tell outsiders nothing
about private proposals. Where there are too many to list, the pages ask for
the name in a text box (`core.forms.SelectOrTextInput`).
Whether a call is open is judged on today's date in the site's time zone,
as `Call.is_open` does.
"""

from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField
from drf_spectacular.utils import extend_schema_field

from core.forms import SelectOrTextInput
from core.listing import sort_by
from core.searchable import SearchFields, SearchFieldsFilter
from regions.filters import ANY, MAX_NAMESAKES
from thematic_areas.models import ThematicArea

from .choices import PartnershipKind
from .models import Call, Partnership


class CallState(models.TextChoices):
    OPEN = "open", _("Open now")
    UPCOMING = "upcoming", _("Upcoming")
    CLOSED = "closed", _("Closed")


NO_CALL = "none"

# As the search entries of partnerships/migrations/0008_search_entries.py.
PARTNERSHIP_SEARCH = SearchFields(document=("name", "description"), joined=("coordinator__name",))
CALL_SEARCH = SearchFields(document=("title", "description"))


def call_window(state, prefix=""):
    """A Q object for calls (under `prefix`) that are open, upcoming or closed today."""
    today = timezone.localdate()
    if state == CallState.OPEN:
        return Q(**{f"{prefix}opens_on__lte": today, f"{prefix}closes_on__gte": today})
    if state == CallState.UPCOMING:
        return Q(**{f"{prefix}opens_on__gt": today})
    return Q(**{f"{prefix}closes_on__lt": today})


def call_state(call):
    """The state `call_window` selects the call under, for one call."""
    today = timezone.localdate()
    if call.opens_on > today:
        return CallState.UPCOMING
    if call.closes_on < today:
        return CallState.CLOSED
    return CallState.OPEN


# django-filter passes the request to these; the choices are the same for
# everyone, so page and API accept exactly the same values.
def public_areas(_request):
    return ThematicArea.objects.public().only("slug", "name").order_by("name")


def public_partnerships(_request):
    public = Partnership.objects.filter(area__in=ThematicArea.objects.public())
    return public.only("slug", "name").order_by("name")


class SlugOrNameField(ModelChoiceField):
    """A row by its slug, or by its whole name in any case."""

    default_error_messages = {
        "ambiguous": _("Several have this name: %(slugs)s. Give one of these slugs."),
    }

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except ValidationError:
            typed = str(value).strip()
            named = list(self.queryset.filter(name__iexact=typed)[:MAX_NAMESAKES]) if typed else []
            if len(named) == 1:
                return named[0]
            if not named:
                raise
            raise ValidationError(
                self.error_messages["ambiguous"],
                code="ambiguous",
                params={"slugs": ", ".join(row.slug for row in named)},
            ) from None


class SlugOrNameFilter(django_filters.ModelChoiceFilter):
    field_class = SlugOrNameField


def _by_slug(
    label: str | Promise, rows: Any, unknown: str | Promise, **kwargs: Any
) -> django_filters.ModelChoiceFilter:
    """One of `rows` by its slug or name, chosen by name on the pages; `unknown` refuses
    any other value."""
    return SlugOrNameFilter(
        label=label,
        queryset=rows,
        to_field_name="slug",
        empty_label=ANY,
        widget=SelectOrTextInput,
        error_messages={"invalid_choice": unknown},
        **kwargs,
    )


def area_filter(**kwargs: Any) -> django_filters.ModelChoiceFilter:
    """A public thematic area by its slug or name, chosen by name on the pages."""
    unknown = _("No thematic area has this name or slug.")
    return _by_slug(_("Thematic area"), public_areas, unknown, **kwargs)


def partnership_filter(**kwargs: Any) -> django_filters.ModelChoiceFilter:
    """A partnership of a public area by its slug or name, chosen by name on the pages."""
    unknown = _("No partnership has this name or slug.")
    return _by_slug(_("Partnership"), public_partnerships, unknown, **kwargs)


# Typed by the model's foreign key otherwise: the schema would call it an integer.
@extend_schema_field({"type": "string", "enum": [*CallState.values, NO_CALL]})
class CallStateFilter(django_filters.ChoiceFilter):
    """The state of a partnership's call (open, upcoming, closed) or `none`."""


class PartnershipFilter(django_filters.FilterSet):
    area = area_filter()
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=PartnershipKind.choices, empty_label=ANY
    )
    call = CallStateFilter(
        label=_("Call"),
        method="filter_call",
        choices=[*CallState.choices, (NO_CALL, _("No call: requests at any time"))],
        help_text=_("Whether the partnership's call for expressions of interest is open."),
        empty_label=ANY,
    )
    q = SearchFieldsFilter(PARTNERSHIP_SEARCH)
    ordering = sort_by(
        (("name", "name"), ("created_at", "created"), ("call__closes_on", "deadline")),
        {"name": _("Name"), "created_at": _("Date"), "call__closes_on": _("Deadline")},
    )

    class Meta:
        model = Partnership
        fields = []

    def filter_call(self, qs, name, value):
        if value == NO_CALL:
            return qs.filter(call__isnull=True)
        return qs.filter(call_window(value, "call__"))


class CallFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=_("Status"), method="filter_state", choices=CallState.choices, empty_label=ANY
    )
    partnership = partnership_filter(field_name="partnerships")
    area = area_filter(field_name="partnerships__area")
    q = SearchFieldsFilter(CALL_SEARCH)
    ordering = sort_by(
        (("opens_on", "opens"), ("closes_on", "deadline"), ("title", "title")),
        {"opens_on": _("Opening date"), "closes_on": _("Deadline")},
    )

    class Meta:
        model = Call
        fields = []

    def filter_state(self, qs, name, value):
        return qs.filter(call_window(value))

    def filter_queryset(self, queryset):
        # The partnership and area filters join partnerships: one call with
        # several matching partnerships must still be listed once.
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("partnership") or self.form.cleaned_data.get("area"):
            queryset = queryset.distinct()
        return queryset
