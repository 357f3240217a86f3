"""Thematic area pages: thin views over `services.py` and `permissions.py`."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import (
    answer_views,
    form_data,
    guarded,
    perform_action,
    save_form_page,
)
from core.cache import cache_for_visitors
from core.counting import count_column
from core.invitations import answer_page
from core.join_request_views import join_request_views, panel_entries
from core.listing import Listing, render_list
from core.membership import membership_views
from core.workflow import RequestStatus
from regions.models import Priority
from regions.permissions import represented_regions

from . import permissions, services
from .choices import AreaStatus, InvitationStatus, MembershipRole, ReportStatus
from .filters import AreaFilter
from .forms import (
    AreaProposalForm,
    ColeadInvitationForm,
    JoinAreaForm,
    LeaveAreaForm,
    ProgressReportForm,
)
from .membership import AREA_MEMBERS, AREA_REQUESTS
from .models import AreaMembership


def _visible_area(request, slug):
    return get_object_or_404(permissions.visible_areas(request.user), slug=slug)


# The lead regions manage an area; each page says what the others may not do there.
_inviting_area = guarded(
    _visible_area,
    permissions.can_manage_area,
    gettext_lazy("Only a lead region of this area may invite co-leads."),
)
_managed_area = guarded(
    _visible_area,
    permissions.can_manage_area,
    gettext_lazy("Only a lead region of this area may write its progress reports."),
)


AREA_LISTING = Listing(
    filterset_class=AreaFilter,
    template="thematic_areas/area_list.html",
    fragment_template="thematic_areas/_area_listing.html",
    csv_filename="thematic-areas.csv",
    columns=[
        (gettext_lazy("Slug"), lambda a: a.slug),
        (gettext_lazy("Name"), lambda a: a.name),
        (gettext_lazy("Summary"), lambda a: a.summary),
        (gettext_lazy("Status"), lambda a: a.status),
        (gettext_lazy("Phase"), lambda a: a.phase),
        (gettext_lazy("Lead regions (NUTS codes)"), lambda a: _codes(a.lead_memberships)),
        (gettext_lazy("Member regions"), lambda a: a.member_count),
        (gettext_lazy("Priorities covered"), lambda a: _priority_codes(a)),
        (gettext_lazy("Proposed on"), lambda a: a.created_at.date().isoformat()),
    ],
)


def _codes(memberships):
    return " ".join(m.region.code for m in memberships)


def _priority_codes(area):
    return " ".join(f"{p.scheme}:{p.code}" for p in area.priorities.all())


@cache_for_visitors
def area_list(request):
    """Areas the user may see: approved ones, plus their own regions' proposals."""
    areas = (
        permissions.visible_areas(request.user)
        .annotate(
            member_count=count_column(AreaMembership.objects.current().filter(area=OuterRef("pk")))
        )
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=AreaMembership.objects.leads()
                .select_related("region")
                .order_by("region__code"),
                to_attr="lead_memberships",
            ),
            Prefetch("priorities", queryset=Priority.objects.order_by("scheme", "code")),
        )
        .order_by("name")
    )
    return render_list(request, AREA_LISTING, areas)


@cache_for_visitors
def area_detail(request, slug):
    area = get_object_or_404(
        permissions.visible_areas(request.user).select_related("proposing_region"), slug=slug
    )
    memberships = area.memberships.select_related("region__parent", "approved_by").order_by(
        F("joined_at").asc(nulls_first=True), "region__code"
    )
    current = [m for m in memberships if m.left_at is None]
    named = list(area.named_participants.all())
    actions = _area_actions(request.user, area)
    context = {
        "area": area,
        # The template draws them on a map with the regions that would bring
        # the area's missing priorities: matchmaking reads every app, so it
        # reaches this page through the projects app's template tags.
        "leads": [m for m in current if m.role == MembershipRole.LEAD],
        "members": [m for m in current if m.role != MembershipRole.LEAD],
        "history": memberships,
        "named_participants": named,
        "known_participants": len(current) + len(named),
        "sources": area.sources.all(),
        "priorities": area.priorities.order_by("scheme", "code"),
        "partnerships": area.partnerships.select_related("coordinator", "call").order_by("name"),
        # Projects sit above areas: reached through their reverse relation and
        # their own rule of what is public, without importing the projects app.
        "projects": area.projects.published().select_related("lead_region").order_by("title"),
        "reports": permissions.visible_reports(
            request.user, area, manages=actions.get("can_manage", False)
        ),
        "today": timezone.localdate(),
        **actions,
    }
    return render(request, "thematic_areas/area_detail.html", context)


def _area_actions(user, area):
    """The forms the user may use on the area page; the services still decide on each POST."""
    if not user.is_authenticated:
        return {}
    mine = represented_regions(user)
    joinable = AREA_MEMBERS.joinable(user, area)
    member_regions = AREA_MEMBERS.leavable(user, area)
    can_manage = permissions.can_manage_area(user, area)
    pending = area.join_requests.filter(status=RequestStatus.PENDING).select_related("region")
    decidable = pending & permissions.decidable_area_requests(user)
    return {
        "join_form": JoinAreaForm(members=joinable, auto_id="join-%s")
        if area.status == AreaStatus.ACTIVE and joinable.exists()
        else None,
        "leave_form": LeaveAreaForm(members=member_regions, auto_id="leave-%s")
        if member_regions.exists()
        else None,
        "my_pending_requests": panel_entries(AREA_REQUESTS, pending.filter(region__in=mine)),
        "pending_requests": panel_entries(AREA_REQUESTS, decidable),
        "can_manage": can_manage,
        "pending_invitations": area.lead_invitations.filter(
            status=InvitationStatus.PENDING
        ).select_related("region")
        if can_manage
        else [],
    }


@login_required
def area_propose(request):
    regions = represented_regions(request.user)
    return save_form_page(
        request,
        form=AreaProposalForm(form_data(request), members=regions),
        service=lambda data: services.propose_area(user=request.user, **data),
        done=lambda area: (
            _("Your proposal “%(area)s” was sent to the Commission's moderators.") % {"area": area}
        ),
        template="thematic_areas/area_form.html",
        context={"has_regions": regions.exists()},
    )


area_join, area_leave = membership_views(AREA_MEMBERS)


@login_required
def area_invite(request, slug):
    area = _inviting_area(request, slug)
    return perform_action(
        request,
        form=ColeadInvitationForm(form_data(request)),
        service=lambda data: services.invite_colead(user=request.user, area=area, **data),
        done=lambda invitation: (
            _("%(region)s is invited to co-lead “%(area)s”.")
            % {"region": invitation.region, "area": area}
        ),
        back_url=area,
        title=_("Invite a region to co-lead “%(area)s”") % {"area": area},
        submit_label=_("Send the invitation"),
    )


def _respond_to_invitation(request, pk, *, accept):
    invitation = get_object_or_404(
        permissions.visible_invitations(request.user).select_related("area", "region"), pk=pk
    )
    return answer_page(
        request,
        accept=accept,
        answer=lambda: services.respond_to_invitation(
            user=request.user, invitation_id=invitation.pk, accept=accept
        ),
        names={"region": invitation.region, "area": invitation.area},
        accepted=_("%(region)s now co-leads “%(area)s”."),
        declined=_("%(region)s declined to co-lead “%(area)s”."),
        title=_("%(verb)s the invitation of %(region)s to co-lead “%(area)s”"),
        back_url=invitation.area,
        details=[(_("Message"), invitation.message or "—")],
    )


invitation_accept, invitation_decline = answer_views(_respond_to_invitation)


join_request_approve, join_request_reject, join_request_withdraw = join_request_views(AREA_REQUESTS)


@login_required
def report_create(request, slug):
    area = _managed_area(request, slug)
    return save_form_page(
        request,
        form=ProgressReportForm(form_data(request)),
        service=lambda data: services.save_progress_report(user=request.user, area=area, **data),
        done=lambda report: _("The draft report was saved. Publish it when it is ready."),
        go_to=lambda report: area,
        template="thematic_areas/report_form.html",
        context={"area": area},
    )


def _visible_report(request, slug, pk):
    area = _visible_area(request, slug)
    report = get_object_or_404(permissions.visible_reports(request.user, area), pk=pk)
    if not permissions.can_manage_area(request.user, area):
        raise PermissionDenied(_("Only a lead region of this area may change its reports."))
    return area, report


@login_required
def report_edit(request, slug, pk):
    area, report = _visible_report(request, slug, pk)
    return save_form_page(
        request,
        form=ProgressReportForm(form_data(request), report=report),
        service=lambda data: services.save_progress_report(
            user=request.user, area=area, report=report, **data
        ),
        done=lambda saved: _("The draft report was saved."),
        go_to=lambda saved: area,
        template="thematic_areas/report_form.html",
        context={"area": area, "report": report, "published": ReportStatus.PUBLISHED},
    )


@login_required
def report_publish(request, slug, pk):
    area, report = _visible_report(request, slug, pk)
    return perform_action(
        request,
        service=lambda data: services.publish_progress_report(
            user=request.user, report_id=report.pk
        ),
        done=lambda published: _("The report is published on the area page."),
        back_url=area,
        title=_("Publish the report for %(period)s %(year)s")
        % {"period": report.get_half_display(), "year": report.year},
        intro=_("Once published, the report can no longer be edited."),
        submit_label=_("Publish"),
    )
