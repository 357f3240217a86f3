"""Who may decide on partnerships: the coordinator cluster, the area's leads, moderators.

The rule is written here once, in each direction it is asked:
`partnerships_run_by` (the partnerships a user's clusters coordinate, or
whose area their regions lead) gives the requests a user decides, and the
predicate is "the request is among them"; `deciding_representatives`
gives whom a new request is sent to.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from accounts.models import User
from core.moderators import is_moderator
from regions.permissions import representatives_of, represented_clusters
from thematic_areas.permissions import lead_representatives, led_areas, visible_areas

from .models import Partnership, PartnershipJoinRequest, PartnershipProposal


def deciding_representatives(partnership: Partnership) -> QuerySet[User]:
    """The users who act for the coordinator cluster or for a lead region of the area."""
    coordinator = representatives_of(clusters=[partnership.coordinator_id])
    return lead_representatives(partnership.area) | coordinator


def partnerships_run_by(user: User | AnonymousUser) -> list[int]:
    """The ids of the partnerships coordinated by a cluster the user represents, or in
    an area that one of their regions leads.

    A user runs a few: fetched first, they let the queries of requests that
    OR them with another condition be served by an index.
    """
    run_by = Q(coordinator__in=represented_clusters(user)) | Q(area__in=led_areas(user))
    return list(Partnership.objects.filter(run_by).values_list("pk", flat=True))


def requests_to_partnerships_run_by(
    user: User | AnonymousUser,
) -> QuerySet[PartnershipJoinRequest]:
    """The requests the user decides as a representative of the coordinator or of a lead.

    Their "decisions waiting" on the dashboard; the reverse of
    `deciding_representatives`, who are told of each new request.
    """
    return PartnershipJoinRequest.objects.filter(partnership__in=partnerships_run_by(user))


def decidable_partnership_requests(
    user: User | AnonymousUser,
) -> QuerySet[PartnershipJoinRequest]:
    """The requests the user may approve or reject: as a representative, or any as a moderator."""
    if is_moderator(user):
        return PartnershipJoinRequest.objects.all()
    return requests_to_partnerships_run_by(user)


def can_decide_join_request(
    user: User | AnonymousUser, join_request: PartnershipJoinRequest
) -> bool:
    return decidable_partnership_requests(user).filter(pk=join_request.pk).exists()


def can_withdraw_join_request(
    user: User | AnonymousUser, join_request: PartnershipJoinRequest
) -> bool:
    return represented_clusters(user).filter(pk=join_request.cluster_id).exists()


def visible_partnerships(user: User | AnonymousUser) -> QuerySet[Partnership]:
    """A partnership is visible with its thematic area."""
    return Partnership.objects.filter(area__in=visible_areas(user))


def visible_join_requests(user: User | AnonymousUser) -> QuerySet[PartnershipJoinRequest]:
    """Requests the applicant cluster, the deciders and moderators see."""
    if is_moderator(user):
        return PartnershipJoinRequest.objects.all()
    clusters = list(represented_clusters(user).values_list("pk", flat=True))
    return PartnershipJoinRequest.objects.filter(
        Q(cluster__in=clusters) | Q(partnership__in=partnerships_run_by(user))
    )


def visible_proposals(user: User | AnonymousUser) -> QuerySet[PartnershipProposal]:
    """A proposal is seen by the proposing and the invited clusters' representatives, and
    moderators."""
    if is_moderator(user):
        return PartnershipProposal.objects.all()
    clusters = list(represented_clusters(user).values_list("pk", flat=True))
    return PartnershipProposal.objects.filter(
        Q(proposing_cluster__in=clusters) | Q(invitations__cluster__in=clusters)
    ).distinct()
