"""Filter backends of the API lists.

The list pages' FilterSets carry their own `ordering` filter (the page's
"Sort by"), so where one is used DRF's OrderingFilter must stay out: both
read `?ordering=`, and DRF's would silently undo the FilterSet's order.
"""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.filters import SearchFilter

FILTERSET_ORDERED = [DjangoFilterBackend, SearchFilter]
