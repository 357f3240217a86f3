"""Base views of the API."""

from collections.abc import Mapping
from typing import Any

from rest_framework import generics, status
from rest_framework.response import Response


class ComputedView(generics.GenericAPIView):
    """Figures computed for one resource: not a list of rows to filter or paginate."""

    filter_backends = []
    pagination_class = None


def created(data: Mapping[str, Any]) -> Response:
    """The answer to a POST that created a resource: 201, its representation and its URL."""
    return Response(data, status=status.HTTP_201_CREATED, headers={"Location": data["url"]})
