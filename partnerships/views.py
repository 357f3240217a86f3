"""Partnership and call pages: thin views over `services.py` and `permissions.py`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from regions.choices import ClusterStatus
from regions.permissions import represented_clusters
from s3p_portal.actions import (
    ConfirmForm,
    ReasonForm,
    form_data,
    redirect_back,
    render_action,
    run_service,
)
from s3p_portal.workflow import RequestStatus
from thematic_areas.choices import AreaStatus

from . import permissions, services
from .forms import JoinPartnershipForm, LeavePartnershipForm
from .models import Call


def call_list(request):
    partnerships = permissions.visible_partnerships(request.user).select_related("area")
    calls = Call.objects.order_by("-opens_on").prefetch_related(
        Prefetch("partnerships", queryset=partnerships)
    )
    return render(
        request, "partnerships/call_list.html", {"calls": calls, "today": timezone.localdate()}
    )


def partnership_list(request):
    partnerships = permissions.visible_partnerships(request.user).select_related(
        "area", "coordinator", "call"
    )
    return render(request, "partnerships/partnership_list.html", {"partnerships": partnerships})


def _visible_partnership(request, slug):
    return get_object_or_404(
        permissions.visible_partnerships(request.user).select_related(
            "area", "coordinator", "call"
        ),
        slug=slug,
    )


def partnership_detail(request, slug):
    partnership = _visible_partnership(request, slug)
    memberships = partnership.memberships.select_related("cluster", "approved_by").order_by(
        "joined_at"
    )
    context = {
        "partnership": partnership,
        "call": partnership.call,
        "today": timezone.localdate(),
        "current_memberships": [m for m in memberships if m.left_at is None],
        "history": memberships,
        **_partnership_actions(request.user, partnership),
    }
    return render(request, "partnerships/partnership_detail.html", context)


def _partnership_actions(user, partnership):
    """The forms the user may use on the page; the services still decide on each POST."""
    if not user.is_authenticated:
        return {}
    mine = represented_clusters(user)
    members = partnership.memberships.current().values("cluster")
    joinable = mine.published().exclude(pk__in=members)
    member_clusters = mine.filter(pk__in=members)
    call = partnership.call
    accepting = partnership.area.status == AreaStatus.ACTIVE and (call is None or call.is_open())
    pending = partnership.join_requests.filter(status=RequestStatus.PENDING).select_related(
        "cluster"
    )
    can_decide = permissions.can_decide_join_requests_of(user, partnership)
    return {
        "join_form": JoinPartnershipForm(clusters=joinable, auto_id="join-%s")
        if accepting and joinable.exists()
        else None,
        "unpublished_clusters": mine.exclude(status=ClusterStatus.PUBLISHED),
        "leave_form": LeavePartnershipForm(clusters=member_clusters, auto_id="leave-%s")
        if member_clusters.exists()
        else None,
        "my_pending_requests": pending.filter(cluster__in=mine),
        "pending_requests": pending if can_decide else [],
    }


@login_required
def partnership_join(request, slug):
    partnership = _visible_partnership(request, slug)
    mine = represented_clusters(request.user)
    if not mine.exists():
        raise PermissionDenied(_("Only a cluster representative may ask to join a partnership."))
    clusters = mine.exclude(pk__in=partnership.memberships.current().values("cluster"))
    form = JoinPartnershipForm(form_data(request), clusters=clusters)
    join_request = run_service(
        form,
        lambda data: services.request_to_join_partnership(
            user=request.user, partnership=partnership, **data
        ),
    )
    if join_request:
        messages.success(
            request,
            _("The request of %(cluster)s was sent to the coordinator of “%(partnership)s”.")
            % {"cluster": join_request.cluster, "partnership": partnership},
        )
        return redirect_back(request, partnership.get_absolute_url())
    return render_action(
        request,
        form=form,
        title=_("Ask to join “%(partnership)s”") % {"partnership": partnership},
        submit_label=_("Send the request"),
        cancel_url=partnership.get_absolute_url(),
    )


@login_required
def partnership_leave(request, slug):
    partnership = _visible_partnership(request, slug)
    clusters = represented_clusters(request.user).filter(
        pk__in=partnership.memberships.current().values("cluster")
    )
    if not clusters.exists():
        raise PermissionDenied(_("None of your clusters is a member of this partnership."))
    form = LeavePartnershipForm(form_data(request), clusters=clusters)
    membership = run_service(
        form,
        lambda data: services.leave_partnership(
            user=request.user, partnership=partnership, cluster=data["cluster"]
        ),
    )
    if membership:
        messages.success(
            request,
            _("%(cluster)s left “%(partnership)s”.")
            % {"cluster": membership.cluster, "partnership": partnership},
        )
        return redirect_back(request, partnership.get_absolute_url())
    return render_action(
        request,
        form=form,
        title=_("Leave “%(partnership)s”") % {"partnership": partnership},
        intro=_("The membership history keeps the period your cluster took part."),
        submit_label=_("Leave the partnership"),
        cancel_url=partnership.get_absolute_url(),
    )


def _visible_join_request(request, pk):
    return get_object_or_404(
        permissions.visible_join_requests(request.user).select_related(
            "partnership__area", "cluster"
        ),
        pk=pk,
    )


def _join_request_details(join_request):
    return [
        (_("Cluster organisation"), join_request.cluster),
        (_("Partnership"), join_request.partnership),
        (_("Statement of commitment"), join_request.statement),
        (_("Status"), join_request.get_status_display()),
    ]


def _decide(request, pk, *, approve):
    join_request = _visible_join_request(request, pk)
    if not permissions.can_decide_join_request(request.user, join_request):
        raise PermissionDenied(_("Only the coordinator or a lead region of the area may decide."))
    if approve:
        service = services.approve_partnership_join_request
    else:
        service = services.reject_partnership_join_request
    form = ReasonForm(form_data(request))
    decided = run_service(
        form,
        lambda data: service(request_id=join_request.pk, user=request.user, reason=data["reason"]),
    )
    if decided:
        messages.success(
            request,
            _("The request of %(cluster)s was %(status)s.")
            % {"cluster": join_request.cluster, "status": decided.get_status_display().lower()},
        )
        return redirect_back(request, join_request.partnership.get_absolute_url())
    cluster = join_request.cluster
    return render_action(
        request,
        form=form,
        title=_("Approve the request of %(cluster)s") % {"cluster": cluster}
        if approve
        else _("Reject the request of %(cluster)s") % {"cluster": cluster},
        details=_join_request_details(join_request),
        submit_label=_("Approve") if approve else _("Reject"),
        cancel_url=join_request.partnership.get_absolute_url(),
    )


@login_required
def join_request_approve(request, pk):
    return _decide(request, pk, approve=True)


@login_required
def join_request_reject(request, pk):
    return _decide(request, pk, approve=False)


@login_required
def join_request_withdraw(request, pk):
    join_request = _visible_join_request(request, pk)
    form = ConfirmForm(form_data(request))
    withdrawn = run_service(
        form,
        lambda data: services.withdraw_partnership_join_request(
            request_id=join_request.pk, user=request.user
        ),
    )
    if withdrawn:
        messages.success(
            request,
            _("The request of %(cluster)s was withdrawn.") % {"cluster": join_request.cluster},
        )
        return redirect_back(request, join_request.partnership.get_absolute_url())
    return render_action(
        request,
        form=form,
        title=_("Withdraw the request of %(cluster)s") % {"cluster": join_request.cluster},
        details=_join_request_details(join_request),
        submit_label=_("Withdraw"),
        cancel_url=join_request.partnership.get_absolute_url(),
    )
