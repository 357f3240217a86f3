"""The API side of both join-request kinds: list, read, ask, approve, reject, withdraw.

Area requests and partnership requests follow one workflow
(`core.workflow`); a subclass names its kind (the pages' `JoinRequestKind`,
whose visible requests and services it serves), its create serializer and
its request service, and describes its operations with
`join_request_schema`, so the two endpoints cannot drift apart.
"""

from collections.abc import Callable
from typing import Any, ClassVar

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.join_request_views import JoinRequestKind
from core.workflow import JoinRequest

from .schema import Write, described
from .serializers import ReasonSerializer
from .views import CallerRecordsViewSet, CreatedByServiceMixin


def join_request_schema(
    target: str, applicant: str, deciders: str, create_description: str | None = None
) -> Callable[[type["JoinRequestViewSet"]], type["JoinRequestViewSet"]]:
    """The summaries of a kind's operations: requests of an `applicant` ("region") to join
    a `target` ("area"), approved or rejected by its `deciders` ("its leads")."""
    a_target = f"{'an' if target[0] in 'aeiou' else 'a'} {target}"

    def describe(view: type[JoinRequestViewSet]) -> type[JoinRequestViewSet]:
        ask = Write(
            f"Ask for a {applicant} to join {a_target}",
            view.create_serializer_class,
            create_description,
        )
        return described(
            list=f"List {target} join requests you made or may decide",
            retrieve=f"Get one {target} join request",
            create=ask,
            approve=f"Approve a request to join {a_target} ({deciders})",
            reject=f"Reject a request to join {a_target} ({deciders})",
            withdraw=f"Withdraw your {applicant}'s request to join {a_target}",
        )(view)

    return describe


class JoinRequestViewSet(CreatedByServiceMixin, CallerRecordsViewSet):
    """Subclasses set `kind` (its requests the caller may see, and its approve, reject
    and withdraw services), `create_service` (the request to join) and
    `create_serializer_class`, which validates its keyword arguments for the caller."""

    filterset_fields = ["status"]
    ordering_fields = ["created_at", "decided_at", "status"]
    ordering = ["-created_at"]

    kind: ClassVar[JoinRequestKind[Any]]

    def get_queryset(self) -> QuerySet[JoinRequest]:
        return self.kind.visible(self.request.user).select_related(*self.kind.rules.select_related)

    @extend_schema(request=ReasonSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._decide(request, self.kind.approve)

    @extend_schema(request=ReasonSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        return self._decide(request, self.kind.reject)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        withdrawn = self.kind.withdraw(request_id=self.get_object().pk, user=request.user)
        return Response(self.get_serializer(withdrawn).data)

    def _decide(self, request: Request, service: Callable[..., JoinRequest]) -> Response:
        reason = ReasonSerializer(data=request.data)
        reason.is_valid(raise_exception=True)
        decided = service(
            request_id=self.get_object().pk,
            user=request.user,
            reason=reason.validated_data["reason"],
        )
        return Response(self.get_serializer(decided).data)
