"""List pages: a FilterSet over a visible queryset, paginated, as HTML, an htmx fragment or CSV.

One function serves every list so that the three outputs stay in agreement:
the CSV export and the htmx fragment apply exactly the filters the page
shows, taken from the same query string, so a filtered URL is shareable as
it is.
"""

import csv
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

PER_PAGE = 25

# A spreadsheet runs a cell starting with one of these as a formula
# (OWASP "CSV injection"); a leading quote makes it plain text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Listing:
    """What one list page shows and exports.

    `columns` are (header, function of a row) pairs for the CSV export; the
    first column is the row's public key (NUTS code or slug).
    """

    filterset_class: type
    template: str
    fragment_template: str
    csv_filename: str
    columns: list
    per_page: int = PER_PAGE


def render_list(request, listing, queryset, **context):
    filterset = listing.filterset_class(request.GET, queryset=queryset, request=request)
    valid = filterset.is_valid()
    if request.GET.get("format") == "csv":
        if not valid:
            return HttpResponseBadRequest(_filter_errors_text(filterset), content_type="text/plain")
        return csv_response(filterset.qs, listing.columns, listing.csv_filename)
    # Invalid filters show their errors and no rows, rather than rows that
    # silently ignore part of what was asked.
    rows = filterset.qs if valid else queryset.none()
    page = Paginator(rows, listing.per_page).get_page(request.GET.get("page"))
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
    patch_vary_headers(response, ["HX-Request"])
    return response


def _filter_errors_text(filterset):
    lines = [_("The filters are not valid:")]
    for name, errors in filterset.errors.items():
        label = filterset.form.fields[name].label if name in filterset.form.fields else name
        lines.extend(f"{label}: {error}" for error in errors)
    return "\n".join(str(line) for line in lines)


def neutralise(value):
    """A cell value safe to open in a spreadsheet: text never starts a formula."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_response(rows, columns, filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A byte-order mark, so that spreadsheet programs read the accents right.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([str(header) for header, _getter in columns])
    for row in rows:
        writer.writerow([neutralise(getter(row)) for _header, getter in columns])
    return response
