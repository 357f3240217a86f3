"""Filter backends of the API lists.

The list pages' FilterSets carry their own `ordering` filter (the page's
"Sort by"), so where one is used DRF's OrderingFilter must stay out: both
read `?ordering=`, and DRF's would silently undo the FilterSet's order.
"""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.views import APIView

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


class OrderingFilter(filters.OrderingFilter):
    """`?ordering=` that refuses what it cannot sort by, and names its values in the schema."""

    def get_ordering(self, request: Request, queryset: QuerySet[Any], view: APIView) -> Any:
        asked = request.query_params.get(self.ordering_param, "")
        terms = [term.strip() for term in asked.split(",") if term.strip()]
        if terms and len(self.remove_invalid_fields(queryset, terms, view, request)) != len(terms):
            fields = [name for name, _label in self.get_valid_fields(queryset, view)]
            allowed = ", ".join(_both_ways(fields))
            raise ValidationError(
                {self.ordering_param: [_("Sort by one of: %(allowed)s.") % {"allowed": allowed}]}
            )
        return super().get_ordering(request, queryset, view)

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        # Every list that sorts names its fields: no queryset (and no user) is needed here.
        fields = getattr(view, "ordering_fields", [])
        for parameter in parameters:
            parameter["schema"] = {"type": "string", "enum": _both_ways(fields)}
        return parameters


def _both_ways(fields: list[str]) -> list[str]:
    return [value for name in fields for value in (name, f"-{name}")]
