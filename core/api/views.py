"""Base views of the API."""

from rest_framework import generics


class ComputedView(generics.GenericAPIView):
    """Figures computed for one resource: not a list of rows to filter or paginate."""

    filter_backends = []
    pagination_class = None
