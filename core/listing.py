"""List pages: a FilterSet over a visible queryset, paginated, as HTML, an htmx fragment or CSV.

One function serves every list so that the three outputs stay in agreement:
the CSV export and the htmx fragment apply exactly the filters the page
shows, taken from the same query string, so a filtered URL is shareable as
it is.
"""

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import FilterSet
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.utils import extend_schema_field

from core.batches import InBatches
from core.cache import VARIES_ON
from core.counting import CountedPaginator
from core.csv_export import csv_response
from core.downloads import too_many_downloads

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PER_PAGE = 25


@dataclass
class Listing:
    """What one list page shows and exports.

    `columns` are (header, function of a row) pairs for the CSV export; the
    first column is the row's public key (NUTS code or slug).
    """

    filterset_class: type[FilterSet]
    template: str
    fragment_template: str
    csv_filename: str
    # A getter takes one row of the list, an instance of its model.
    columns: list[tuple["StrOrPromise", Callable[[Any], object]]]
    per_page: int = PER_PAGE


def render_list(
    request: HttpRequest, listing: Listing, queryset: QuerySet[Model], **context: object
) -> HttpResponseBase:
    filterset = listing.filterset_class(request.GET, queryset=queryset, request=request)
    valid = filterset.is_valid()
    if request.GET.get("format") == "csv":
        if not valid:
            return HttpResponseBadRequest(_filter_errors_text(filterset), content_type="text/plain")
        return too_many_downloads(request) or _csv(filterset.qs, listing)
    # Invalid filters show their errors and no rows, rather than rows that
    # silently ignore part of what was asked.
    rows = filterset.qs if valid else queryset.none()
    page = CountedPaginator(rows, listing.per_page).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page_obj": page,
        "object_list": page.object_list,
        "is_filtered": any(
            value for name, value in request.GET.items() if name not in ("page", "ordering")
        ),
        **context,
    }
    template = listing.template
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        template = listing.fragment_template
    response = render(request, template, context)
    # The same URL answers with a whole page or a fragment: caches must tell them apart.
    patch_vary_headers(response, VARIES_ON)
    return response


def _filter_errors_text(filterset: FilterSet) -> str:
    lines = [_("The filters are not valid:")]
    for name, errors in filterset.errors.items():
        label = filterset.form.fields[name].label if name in filterset.form.fields else name
        lines.extend(f"{label}: {error}" for error in errors)
    return "\n".join(str(line) for line in lines)


def _csv(rows: QuerySet[Model], listing: Listing) -> HttpResponseBase:
    header = [header for header, _getter in listing.columns]
    cells = ([getter(row) for _header, getter in listing.columns] for row in InBatches(rows))
    return csv_response(listing.csv_filename, header, cells, bom=True)


def sort_by(
    fields: Sequence[tuple[str, str]], labels: Mapping[str, "StrOrPromise"] | None = None
) -> django_filters.OrderingFilter:
    """A list's "Sort by" choice: (model field, parameter value) pairs, and their labels."""
    return django_filters.OrderingFilter(
        label=gettext_lazy("Sort by"),
        empty_label=gettext_lazy("Default order"),
        fields=fields,
        field_labels=labels or {},
    )


def updated_since() -> django_filters.IsoDateTimeFilter:
    """Rows changed since a moment: how API clients fetch what changed since their last visit.

    Pages do not ask anyone to type a timestamp: their form carries it hidden
    (a shared address keeps working) and offers `changed_within` instead.
    """
    return django_filters.IsoDateTimeFilter(
        label=gettext_lazy("Updated since"),
        field_name="updated_at",
        lookup_expr="gte",
        widget=forms.HiddenInput,
        help_text=gettext_lazy(
            "ISO 8601 date and time, e.g. 2026-01-31T00:00:00Z: changed since then."
        ),
    )


# The periods a page offers for "changed in the last …", in days.
CHANGED_WITHIN_DAYS = (7, 30, 90, 365)


@extend_schema_field({"type": "string", "enum": [str(days) for days in CHANGED_WITHIN_DAYS]})
class ChangedWithinFilter(django_filters.ChoiceFilter):
    """Rows changed in the last N days, N one of CHANGED_WITHIN_DAYS."""

    def filter(self, qs: QuerySet[Any], value: str) -> QuerySet[Any]:
        if value in EMPTY_VALUES:
            return qs
        since = timezone.now() - datetime.timedelta(days=int(value))
        return qs.filter(**{f"{self.field_name}__gte": since})


def changed_within() -> ChangedWithinFilter:
    labels = {
        7: gettext_lazy("In the last 7 days"),
        30: gettext_lazy("In the last 30 days"),
        90: gettext_lazy("In the last 90 days"),
        365: gettext_lazy("In the last year"),
    }
    return ChangedWithinFilter(
        label=gettext_lazy("Changed"),
        field_name="updated_at",
        choices=[(str(days), labels[days]) for days in CHANGED_WITHIN_DAYS],
        empty_label=gettext_lazy("Any time"),
        help_text=gettext_lazy("Days are counted back from now."),
    )
