"""The approve / reject / withdraw pages of both join-request kinds, and their panel.

Area requests (region → area) and partnership requests (cluster →
partnership) follow one workflow (`core.workflow`); only the names,
the permission predicates and the service functions differ. Each app
describes its kind with a `JoinRequestKind` and gets its three views from
`join_request_views`, so the pages cannot drift apart.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from .actions import ConfirmForm, ReasonForm, form_data, redirect_back, render_action, run_service


@dataclass(frozen=True)
class JoinRequestKind:
    """How one kind of join request is found, labelled, decided and withdrawn.

    `visible(user)` is the queryset of requests the user may see (others are
    404); `can_decide(user, request)` the predicate for approving and
    rejecting; the three services take `request_id` and `user` (and `reason`
    for decisions) and raise ValidationError when they refuse.
    """

    url_namespace: str
    select_related: tuple
    visible: Callable
    can_decide: Callable
    approve: Callable
    reject: Callable
    withdraw: Callable
    applicant: Callable
    target: Callable
    applicant_label: str
    target_label: str
    decide_refusal: str

    def url(self, action, join_request):
        return reverse(f"{self.url_namespace}:join_request_{action}", args=[join_request.pk])


def join_request_views(kind):
    """The approve, reject and withdraw views of `kind`, in that order."""

    @login_required
    def approve(request, pk):
        return _decide(request, kind, pk, approve=True)

    @login_required
    def reject(request, pk):
        return _decide(request, kind, pk, approve=False)

    @login_required
    def withdraw(request, pk):
        return _withdraw(request, kind, pk)

    return approve, reject, withdraw


def _visible_request(request, kind, pk):
    queryset = kind.visible(request.user).select_related(*kind.select_related)
    return get_object_or_404(queryset, pk=pk)


def _details(kind, join_request):
    return [
        (kind.applicant_label, kind.applicant(join_request)),
        (kind.target_label, kind.target(join_request)),
        (_("Statement of commitment"), join_request.statement),
        (_("Status"), join_request.get_status_display()),
    ]


def _decide(request, kind, pk, *, approve):
    join_request = _visible_request(request, kind, pk)
    if not kind.can_decide(request.user, join_request):
        raise PermissionDenied(kind.decide_refusal)
    service = kind.approve if approve else kind.reject
    form = ReasonForm(form_data(request))
    decided = run_service(
        form,
        lambda data: service(request_id=join_request.pk, user=request.user, reason=data["reason"]),
    )
    applicant = kind.applicant(join_request)
    back = kind.target(join_request).get_absolute_url()
    if decided:
        messages.success(
            request,
            _("The request of %(applicant)s was %(status)s.")
            % {"applicant": applicant, "status": decided.get_status_display().lower()},
        )
        return redirect_back(request, back)
    if approve:
        title = _("Approve the request of %(applicant)s") % {"applicant": applicant}
    else:
        title = _("Reject the request of %(applicant)s") % {"applicant": applicant}
    return render_action(
        request,
        form=form,
        title=title,
        details=_details(kind, join_request),
        submit_label=_("Approve") if approve else _("Reject"),
        cancel_url=back,
    )


def _withdraw(request, kind, pk):
    join_request = _visible_request(request, kind, pk)
    form = ConfirmForm(form_data(request))
    withdrawn = run_service(
        form, lambda data: kind.withdraw(request_id=join_request.pk, user=request.user)
    )
    applicant = kind.applicant(join_request)
    back = kind.target(join_request).get_absolute_url()
    if withdrawn:
        messages.success(
            request, _("The request of %(applicant)s was withdrawn.") % {"applicant": applicant}
        )
        return redirect_back(request, back)
    return render_action(
        request,
        form=form,
        title=_("Withdraw the request of %(applicant)s") % {"applicant": applicant},
        details=_details(kind, join_request),
        submit_label=_("Withdraw"),
        cancel_url=back,
    )


@dataclass(frozen=True)
class PanelEntry:
    """One request in the panel, with its applicant and the URLs of its actions."""

    request: object
    applicant: object
    approve_url: str
    reject_url: str
    withdraw_url: str


def panel_entries(kind, join_requests):
    return [
        PanelEntry(
            request=r,
            applicant=kind.applicant(r),
            approve_url=kind.url("approve", r),
            reject_url=kind.url("reject", r),
            withdraw_url=kind.url("withdraw", r),
        )
        for r in join_requests
    ]
