"""The API side of both join-request kinds: list, read, ask, approve, reject, withdraw.

Area requests and partnership requests follow one workflow
(`core.workflow`); a subclass names its queryset, its create
serializer and the three services, and describes its operations with
`extend_schema_view`, so the two endpoints cannot drift apart.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .serializers import ReasonSerializer


class JoinRequestViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Subclasses set `approve_service`, `reject_service` and `withdraw_service`
    (each taking `request_id` and `user`, the first two also `reason`) and
    implement `create_arguments(request)`, returning the validated keyword
    arguments of their request service, and `request_service`."""

    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = r"[0-9]+"
    filterset_fields = ["status"]
    ordering_fields = ["created_at", "decided_at", "status"]
    ordering = ["-created_at"]

    def create(self, request, *args, **kwargs):
        join_request = type(self).request_service(
            user=request.user, **self.create_arguments(request)
        )
        return Response(self.get_serializer(join_request).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReasonSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, type(self).approve_service)

    @extend_schema(request=ReasonSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, type(self).reject_service)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        withdrawn = type(self).withdraw_service(request_id=self.get_object().pk, user=request.user)
        return Response(self.get_serializer(withdrawn).data)

    def _decide(self, request, service):
        reason = ReasonSerializer(data=request.data)
        reason.is_valid(raise_exception=True)
        decided = service(
            request_id=self.get_object().pk,
            user=request.user,
            reason=reason.validated_data["reason"],
        )
        return Response(self.get_serializer(decided).data)
