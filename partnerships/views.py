"""Partnership and call pages: thin views over `services.py` and `permissions.py`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.actions import form_data, save_form_page
from core.cache import cache_for_visitors
from core.counting import count_column
from core.join_request_views import join_request_views, panel_entries
from core.listing import Listing, render_list
from core.membership import membership_views
from core.workflow import RequestStatus
from regions.choices import ClusterStatus
from regions.permissions import represented_clusters
from thematic_areas.choices import AreaStatus
from thematic_areas.models import ThematicArea

from . import permissions, services
from .choices import ProposalStatus
from .filters import CallFilter, PartnershipFilter, call_state
from .forms import JoinPartnershipForm, LeavePartnershipForm, ProposalForm
from .membership import PARTNERSHIP_MEMBERS, PARTNERSHIP_REQUESTS
from .models import Call, PartnershipMembership, ProposalInvitation

CALL_LISTING = Listing(
    filterset_class=CallFilter,
    template="partnerships/call_list.html",
    fragment_template="partnerships/_call_listing.html",
    csv_filename="calls.csv",
    columns=[
        (gettext_lazy("Slug"), lambda c: c.slug),
        (gettext_lazy("Title"), lambda c: c.title),
        (gettext_lazy("Opens on"), lambda c: c.opens_on.isoformat()),
        (gettext_lazy("Closes on"), lambda c: c.closes_on.isoformat()),
        (gettext_lazy("Status"), call_state),
        (gettext_lazy("Official page"), lambda c: c.url),
        (gettext_lazy("Partnerships"), lambda c: " ".join(p.slug for p in c.partnerships.all())),
    ],
    per_page=20,
)


@cache_for_visitors
def call_list(request):
    partnerships = (
        permissions.visible_partnerships(request.user).select_related("area").order_by("name")
    )
    calls = Call.objects.order_by("-opens_on").prefetch_related(
        Prefetch("partnerships", queryset=partnerships)
    )
    return render_list(request, CALL_LISTING, calls, today=timezone.localdate())


PARTNERSHIP_LISTING = Listing(
    filterset_class=PartnershipFilter,
    template="partnerships/partnership_list.html",
    fragment_template="partnerships/_partnership_listing.html",
    csv_filename="partnerships.csv",
    columns=[
        (gettext_lazy("Slug"), lambda p: p.slug),
        (gettext_lazy("Name"), lambda p: p.name),
        (gettext_lazy("Kind"), lambda p: p.kind),
        (gettext_lazy("Thematic area"), lambda p: p.area.slug),
        (gettext_lazy("Coordinator"), lambda p: p.coordinator.slug if p.coordinator else ""),
        (gettext_lazy("Call"), lambda p: p.call.slug if p.call else ""),
        (gettext_lazy("Call closes on"), lambda p: p.call.closes_on.isoformat() if p.call else ""),
        (gettext_lazy("Members"), lambda p: p.member_count),
    ],
)


@cache_for_visitors
def partnership_list(request):
    partnerships = (
        permissions.visible_partnerships(request.user)
        .select_related("area", "coordinator", "call")
        .annotate(
            member_count=count_column(
                PartnershipMembership.objects.current().filter(partnership=OuterRef("pk"))
            )
        )
        .order_by("name")
    )
    return render_list(request, PARTNERSHIP_LISTING, partnerships, today=timezone.localdate())


def _visible_partnership(request, slug):
    return get_object_or_404(
        permissions.visible_partnerships(request.user).select_related(
            "area", "coordinator", "call"
        ),
        slug=slug,
    )


@cache_for_visitors
def partnership_detail(request, slug):
    partnership = _visible_partnership(request, slug)
    memberships = partnership.memberships.select_related("cluster__region", "approved_by").order_by(
        "joined_at"
    )
    context = {
        "partnership": partnership,
        "call": partnership.call,
        "today": timezone.localdate(),
        "current_memberships": [m for m in memberships if m.left_at is None],
        "history": memberships,
        # Projects sit above partnerships: reached through their reverse
        # relation and their own rule of what is public.
        "projects": partnership.projects.published()
        .select_related("lead_region")
        .order_by("title"),
        **_partnership_actions(request.user, partnership),
    }
    return render(request, "partnerships/partnership_detail.html", context)


def _partnership_actions(user, partnership):
    """The forms the user may use on the page; the services still decide on each POST."""
    if not user.is_authenticated:
        return {}
    mine = represented_clusters(user)
    joinable = PARTNERSHIP_MEMBERS.joinable(user, partnership).published()
    member_clusters = PARTNERSHIP_MEMBERS.leavable(user, partnership)
    call = partnership.call
    accepting = partnership.area.status == AreaStatus.ACTIVE and (call is None or call.is_open())
    pending = partnership.join_requests.filter(status=RequestStatus.PENDING).select_related(
        "cluster"
    )
    decidable = pending & permissions.decidable_partnership_requests(user)
    return {
        "join_form": JoinPartnershipForm(members=joinable, auto_id="join-%s")
        if accepting and joinable.exists()
        else None,
        "unpublished_clusters": mine.exclude(status=ClusterStatus.PUBLISHED),
        "leave_form": LeavePartnershipForm(members=member_clusters, auto_id="leave-%s")
        if member_clusters.exists()
        else None,
        "my_pending_requests": panel_entries(
            PARTNERSHIP_REQUESTS, pending.filter(cluster__in=mine)
        ),
        "pending_requests": panel_entries(PARTNERSHIP_REQUESTS, decidable),
    }


partnership_join, partnership_leave = membership_views(PARTNERSHIP_MEMBERS)


join_request_approve, join_request_reject, join_request_withdraw = join_request_views(
    PARTNERSHIP_REQUESTS
)


@login_required
def partnership_propose(request):
    clusters = represented_clusters(request.user).filter(status=ClusterStatus.PUBLISHED)
    open_calls = Call.objects.open_now().order_by("closes_on")
    form = ProposalForm(
        form_data(request),
        members=clusters,
        areas=ThematicArea.objects.filter(status=AreaStatus.ACTIVE).order_by("name"),
        calls=open_calls,
        initial={"area": request.GET.get("area")},
    )
    return save_form_page(
        request,
        form=form,
        service=lambda data: services.propose_partnership(user=request.user, **data),
        done=lambda proposal: (
            _("Your proposal “%(name)s” was sent to the invited clusters and the moderators.")
            % {"name": proposal.name}
        ),
        template="partnerships/proposal_form.html",
        context={"has_clusters": clusters.exists(), "has_calls": open_calls.exists()},
    )


@login_required
def proposal_detail(request, pk):
    proposal = get_object_or_404(
        permissions.visible_proposals(request.user).select_related(
            "area", "call", "proposing_cluster", "partnership"
        ),
        pk=pk,
    )
    mine = set(represented_clusters(request.user).values_list("pk", flat=True))
    invitations = list(proposal.invitations.select_related("cluster").order_by("cluster__name"))
    context = {
        "proposal": proposal,
        "invitations": invitations,
        "to_answer": [
            i
            for i in invitations
            if i.cluster_id in mine and proposal.status == ProposalStatus.PROPOSED
        ],
    }
    return render(request, "partnerships/proposal_detail.html", context)


@require_POST
@login_required
def invitation_answer(request, pk, answer):
    """Confirm or decline an invitation into a proposal (`answer`: "confirm" or "decline")."""
    invitation = get_object_or_404(
        ProposalInvitation.objects.filter(
            cluster__in=represented_clusters(request.user)
        ).select_related("proposal"),
        pk=pk,
    )
    try:
        services.answer_proposal_invitation(
            user=request.user, invitation_id=invitation.pk, confirm=answer == "confirm"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your answer is recorded."))
    return redirect(invitation.proposal)
