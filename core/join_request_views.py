"""The approve / reject / withdraw pages of both join-request kinds, and their panel.

Area requests (region → area) and partnership requests (cluster →
partnership) follow one workflow (`core.workflow`); only the names,
the permission predicates and the service functions differ. Each app
describes its kind with a `JoinRequestKind` and gets its three views from
`join_request_views`, so the pages cannot drift apart.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from .actions import ConfirmForm, ReasonForm, form_data, perform_action
from .workflow import JoinRequest

if TYPE_CHECKING:
    # The stubs' name for the AUTH_USER_MODEL class, which the django-stubs
    # plugin resolves: the kernel imports no app, so not accounts.User itself.
    from django.contrib.auth.models import _User
    from django_stubs_ext import StrOrPromise

R = TypeVar("R", bound=JoinRequest)
R_contra = TypeVar("R_contra", bound=JoinRequest, contravariant=True)


class Target(Protocol):
    """What a request asks to join (an area, a partnership): it has a page."""

    def get_absolute_url(self) -> str: ...


class JoinRules(Protocol[R_contra]):
    """What a kind's workflow (the app's service flow) says of its requests that the pages
    use too: who may decide and the refusal, which relations a request is read with, and
    its applicant and target. Read from the flow so each is given once."""

    @property
    def select_related(self) -> tuple[str, ...]: ...

    @property
    def decide_refusal(self) -> "StrOrPromise": ...

    def can_decide(self, user: "_User | AnonymousUser", join_request: R_contra, /) -> bool: ...

    def applicant(self, join_request: R_contra, /) -> Model: ...

    def target(self, join_request: R_contra, /) -> Target: ...


# The approve, reject or withdraw page of one request: `view(request, pk)`.
RequestView = Callable[[HttpRequest, int], HttpResponse]


@dataclass(frozen=True)
class JoinRequestKind(Generic[R]):
    """How one kind of join request is found, labelled, decided and withdrawn.

    `visible(user)` is the queryset of requests the user may see (others are
    404); `rules` the workflow's predicate for approving and rejecting, and
    the rest it says of a request (`JoinRules`); the three services take
    `request_id` and `user` (and `reason` for decisions) and raise
    ValidationError when they refuse.
    """

    url_namespace: str
    rules: JoinRules[R]
    visible: Callable[["_User | AnonymousUser"], QuerySet[R]]
    # Called with keywords. Their `user` is the signed-in user, which `login_required`
    # ensures but `HttpRequest.user` (which may be anonymous) does not say.
    approve: Callable[..., R]
    reject: Callable[..., R]
    withdraw: Callable[..., R]
    applicant_label: "StrOrPromise"
    target_label: "StrOrPromise"

    def url(self, action: str, join_request: R) -> str:
        return reverse(f"{self.url_namespace}:join_request_{action}", args=[join_request.pk])


def join_request_views(kind: JoinRequestKind[R]) -> tuple[RequestView, RequestView, RequestView]:
    """The approve, reject and withdraw views of `kind`, in that order."""

    @login_required
    def approve(request: HttpRequest, pk: int) -> HttpResponse:
        return _decide(request, kind, pk, approve=True)

    @login_required
    def reject(request: HttpRequest, pk: int) -> HttpResponse:
        return _decide(request, kind, pk, approve=False)

    @login_required
    def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
        return _withdraw(request, kind, pk)

    return approve, reject, withdraw


def _visible_request(request: HttpRequest, kind: JoinRequestKind[R], pk: int) -> R:
    queryset = kind.visible(request.user).select_related(*kind.rules.select_related)
    return get_object_or_404(queryset, pk=pk)


def _details(kind: JoinRequestKind[R], join_request: R) -> list[tuple["StrOrPromise", object]]:
    return [
        (kind.applicant_label, kind.rules.applicant(join_request)),
        (kind.target_label, kind.rules.target(join_request)),
        (_("Statement of commitment"), join_request.statement),
        (_("Status"), join_request.get_status_display()),
    ]


def _decide(
    request: HttpRequest, kind: JoinRequestKind[R], pk: int, *, approve: bool
) -> HttpResponse:
    join_request = _visible_request(request, kind, pk)
    if not kind.rules.can_decide(request.user, join_request):
        raise PermissionDenied(kind.rules.decide_refusal)
    service = kind.approve if approve else kind.reject
    applicant = kind.rules.applicant(join_request)
    if approve:
        title = _("Approve the request of %(applicant)s") % {"applicant": applicant}
    else:
        title = _("Reject the request of %(applicant)s") % {"applicant": applicant}
    return perform_action(
        request,
        form=ReasonForm(form_data(request)),
        service=lambda data: service(
            request_id=join_request.pk, user=request.user, reason=data["reason"]
        ),
        done=lambda decided: (
            _("The request of %(applicant)s was %(status)s.")
            % {"applicant": applicant, "status": decided.get_status_display().lower()}
        ),
        back_url=kind.rules.target(join_request).get_absolute_url(),
        title=title,
        details=_details(kind, join_request),
        submit_label=_("Approve") if approve else _("Reject"),
    )


def _withdraw(request: HttpRequest, kind: JoinRequestKind[R], pk: int) -> HttpResponse:
    join_request = _visible_request(request, kind, pk)
    applicant = kind.rules.applicant(join_request)
    return perform_action(
        request,
        form=ConfirmForm(form_data(request)),
        service=lambda data: kind.withdraw(request_id=join_request.pk, user=request.user),
        done=lambda withdrawn: (
            _("The request of %(applicant)s was withdrawn.") % {"applicant": applicant}
        ),
        back_url=kind.rules.target(join_request).get_absolute_url(),
        title=_("Withdraw the request of %(applicant)s") % {"applicant": applicant},
        details=_details(kind, join_request),
        submit_label=_("Withdraw"),
    )


@dataclass(frozen=True)
class PanelEntry:
    """One request in the panel, with its applicant and the URLs of its actions."""

    request: object
    applicant: object
    approve_url: str
    reject_url: str
    withdraw_url: str


def panel_entries(kind: JoinRequestKind[R], join_requests: Iterable[R]) -> list[PanelEntry]:
    return [
        PanelEntry(
            request=r,
            applicant=kind.rules.applicant(r),
            approve_url=kind.url("approve", r),
            reject_url=kind.url("reject", r),
            withdraw_url=kind.url("withdraw", r),
        )
        for r in join_requests
    ]
