"""Who may see and act on thematic areas: one definition for pages, API and admin."""

from django.db.models import Q

from core.moderators import is_moderator
from regions.permissions import represented_regions

from .choices import AreaStatus, ReportStatus
from .models import AreaJoinRequest, AreaMembership, LeadInvitation, ThematicArea


def visible_areas(user):
    """Approved areas for everyone; a proposal also for its proposer's region and moderators."""
    if is_moderator(user):
        return ThematicArea.objects.all()
    public = ThematicArea.objects.public()
    if not user.is_authenticated:
        return public
    own = ThematicArea.objects.filter(proposing_region__in=represented_regions(user))
    return (public | own).distinct()


def led_regions(user, area):
    """The regions the user represents that currently lead `area`."""
    return represented_regions(user).filter(
        area_memberships__area=area,
        area_memberships__role="lead",
        area_memberships__left_at__isnull=True,
    )


def is_lead_representative(user, area):
    return led_regions(user, area).exists()


def can_decide_join_request(user, join_request):
    return can_decide_join_requests_of(user, join_request.area)


def can_withdraw_join_request(user, join_request):
    return represented_regions(user).filter(pk=join_request.region_id).exists()


def can_manage_area(user, area):
    """Leads run an active area: invite co-leads, file progress reports."""
    return area.status == AreaStatus.ACTIVE and (
        is_moderator(user) or is_lead_representative(user, area)
    )


def is_current_member(region, area):
    return AreaMembership.objects.current().filter(area=area, region=region).exists()


def can_decide_join_requests_of(user, area):
    """Leads of the area (and moderators) decide on the requests to join it."""
    return is_moderator(user) or is_lead_representative(user, area)


def visible_join_requests(user):
    """Requests the applicant region's representatives, the area's leads and moderators see."""
    if is_moderator(user):
        return AreaJoinRequest.objects.all()
    if not user.is_authenticated:
        return AreaJoinRequest.objects.none()
    regions = represented_regions(user)
    led_areas = AreaMembership.objects.leads().filter(region__in=regions).values("area")
    return AreaJoinRequest.objects.filter(Q(region__in=regions) | Q(area__in=led_areas))


def visible_invitations(user):
    """Co-lead invitations, seen by the invited region, the area's leads and moderators."""
    if is_moderator(user):
        return LeadInvitation.objects.all()
    if not user.is_authenticated:
        return LeadInvitation.objects.none()
    regions = represented_regions(user)
    led_areas = AreaMembership.objects.leads().filter(region__in=regions).values("area")
    return LeadInvitation.objects.filter(Q(region__in=regions) | Q(area__in=led_areas))


def visible_reports(user, area):
    """Published reports for whoever sees the area; drafts only for those who manage it."""
    if can_manage_area(user, area):
        return area.progress_reports.all()
    return area.progress_reports.filter(status=ReportStatus.PUBLISHED)
