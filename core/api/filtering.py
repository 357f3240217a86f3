"""Filter backends of the API lists.

The list pages' FilterSets carry their own `ordering` filter (the page's
"Sort by"), so where one is used DRF's OrderingFilter must stay out: both
read `?ordering=`, and DRF's would silently undo the FilterSet's order.
"""

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from core.searchable import MAX_QUERY_LENGTH


class SearchFilter(filters.SearchFilter):
    """`?search=` of a bounded length, without NUL characters (PostgreSQL refuses them)."""

    def get_search_terms(self, request: Request) -> list[str]:
        value = request.query_params.get(self.search_param, "")
        if "\x00" in value:
            raise ValidationError({self.search_param: [_("Null characters are not allowed.")]})
        if len(value) > MAX_QUERY_LENGTH:
            raise ValidationError(
                {self.search_param: [_("Search for at most %d characters.") % MAX_QUERY_LENGTH]}
            )
        return super().get_search_terms(request)


FILTERSET_ORDERED = [DjangoFilterBackend, SearchFilter]
