"""Who may decide on partnerships: the coordinator cluster, the area's leads, moderators."""

from django.db.models import Q

from core.moderators import is_moderator
from regions.permissions import represented_clusters, represented_regions
from thematic_areas.models import AreaMembership
from thematic_areas.permissions import is_lead_representative, visible_areas

from .models import Partnership, PartnershipJoinRequest


def is_coordinator_representative(user, partnership):
    return (
        partnership.coordinator_id is not None
        and represented_clusters(user).filter(pk=partnership.coordinator_id).exists()
    )


def can_decide_join_request(user, join_request):
    return can_decide_join_requests_of(user, join_request.partnership)


def can_withdraw_join_request(user, join_request):
    return represented_clusters(user).filter(pk=join_request.cluster_id).exists()


def can_decide_join_requests_of(user, partnership):
    """The coordinator cluster, the area's leads and moderators decide on requests to join."""
    return (
        is_moderator(user)
        or is_coordinator_representative(user, partnership)
        or is_lead_representative(user, partnership.area)
    )


def visible_partnerships(user):
    """A partnership is visible with its thematic area."""
    return Partnership.objects.filter(area__in=visible_areas(user))


def visible_join_requests(user):
    """Requests the applicant cluster, the deciders and moderators see."""
    if is_moderator(user):
        return PartnershipJoinRequest.objects.all()
    if not user.is_authenticated:
        return PartnershipJoinRequest.objects.none()
    clusters = represented_clusters(user)
    led_areas = AreaMembership.objects.leads().filter(region__in=represented_regions(user))
    return PartnershipJoinRequest.objects.filter(
        Q(cluster__in=clusters)
        | Q(partnership__coordinator__in=clusters)
        | Q(partnership__area__in=led_areas.values("area"))
    )
