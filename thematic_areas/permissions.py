"""Who may see and act on thematic areas: one definition for pages, API and admin.

The leads of an area decide on the requests to join it, and moderators may
decide on any. That rule is written here once, in each direction it is
asked: `led_areas` (the areas a user's regions lead) gives the requests a
user decides, and the predicate is "the request is among them";
`lead_representatives` (the users who act for an area's leads) gives whom a
new request is sent to.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from accounts.models import User
from core.moderators import is_moderator
from regions.permissions import representatives_of, represented_regions

from .choices import AreaStatus, ReportStatus
from .models import AreaJoinRequest, AreaMembership, LeadInvitation, ProgressReport, ThematicArea


def visible_areas(user: User | AnonymousUser) -> QuerySet[ThematicArea]:
    """Approved areas for everyone; a proposal also for its proposer's region and moderators."""
    if is_moderator(user):
        return ThematicArea.objects.all()
    public = ThematicArea.objects.public()
    if not user.is_authenticated:
        return public
    # No join, so no row twice: DISTINCT over the wide rows was most of a
    # signed-in area list's query at EU scale.
    own = ThematicArea.objects.filter(proposing_region__in=represented_regions(user))
    return public | own


def led_areas(user: User | AnonymousUser) -> QuerySet[AreaMembership, int]:
    """The ids of the areas that a region the user represents currently leads.

    A subquery as it stands; where a query ORs it with another condition,
    fetch the few ids first (`list(...)`) so each side is served by an index.
    """
    leads = AreaMembership.objects.leads().filter(region__in=represented_regions(user))
    return leads.values_list("area", flat=True)


def lead_representatives(area: ThematicArea) -> QuerySet[User]:
    """The users who act for the area's current lead regions."""
    return representatives_of(regions=area.memberships.leads().values("region"))


def is_lead_representative(user: User | AnonymousUser, area: ThematicArea) -> bool:
    return led_areas(user).filter(area=area).exists()


def requests_to_areas_led_by(user: User | AnonymousUser) -> QuerySet[AreaJoinRequest]:
    """The requests the user decides as a lead: to join the areas their regions lead.

    Their "decisions waiting" on the dashboard; the reverse of `lead_representatives`,
    who are told of each new request.
    """
    return AreaJoinRequest.objects.filter(area__in=list(led_areas(user)))


def decidable_area_requests(user: User | AnonymousUser) -> QuerySet[AreaJoinRequest]:
    """The requests the user may approve or reject: as a lead, or any as a moderator."""
    if is_moderator(user):
        return AreaJoinRequest.objects.all()
    return requests_to_areas_led_by(user)


def can_decide_join_request(user: User | AnonymousUser, join_request: AreaJoinRequest) -> bool:
    return decidable_area_requests(user).filter(pk=join_request.pk).exists()


def can_withdraw_join_request(user: User | AnonymousUser, join_request: AreaJoinRequest) -> bool:
    return represented_regions(user).filter(pk=join_request.region_id).exists()


def can_manage_area(user: User | AnonymousUser, area: ThematicArea) -> bool:
    """Leads run an active area: invite co-leads, file progress reports."""
    return area.status == AreaStatus.ACTIVE and (
        is_moderator(user) or is_lead_representative(user, area)
    )


def visible_join_requests(user: User | AnonymousUser) -> QuerySet[AreaJoinRequest]:
    """Requests the applicant region's representatives, the area's leads and moderators see."""
    if is_moderator(user):
        return AreaJoinRequest.objects.all()
    regions = list(represented_regions(user).values_list("pk", flat=True))
    return AreaJoinRequest.objects.filter(region__in=regions) | requests_to_areas_led_by(user)


def visible_invitations(user: User | AnonymousUser) -> QuerySet[LeadInvitation]:
    """Co-lead invitations, seen by the invited region, the area's leads and moderators."""
    if is_moderator(user):
        return LeadInvitation.objects.all()
    regions = list(represented_regions(user).values_list("pk", flat=True))
    return LeadInvitation.objects.filter(Q(region__in=regions) | Q(area__in=list(led_areas(user))))


def visible_reports(
    user: User | AnonymousUser, area: ThematicArea, *, manages: bool | None = None
) -> QuerySet[ProgressReport]:
    """Published reports for whoever sees the area; drafts only for those who manage it.

    `manages` is `can_manage_area(user, area)` when the caller has asked it already.
    """
    if can_manage_area(user, area) if manages is None else manages:
        return area.progress_reports.all()
    return area.progress_reports.filter(status=ReportStatus.PUBLISHED)
