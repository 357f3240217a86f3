"""Who may act for which region or cluster: one definition for pages, API and admin.

A user represents a region or a cluster through a verified affiliation;
`represented_*` answer "which, for this user", `representatives_of` "who,
for these organisations".
"""

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from accounts.models import User
from core.moderators import is_moderator

from .choices import AffiliationStatus, ClusterStatus
from .models import Cluster, Region


def represented_regions(user: User | AnonymousUser) -> QuerySet[Region]:
    if not user.is_authenticated:
        return Region.objects.none()
    return Region.objects.filter(
        affiliations__user=user, affiliations__status=AffiliationStatus.VERIFIED
    )


def represented_clusters(user: User | AnonymousUser) -> QuerySet[Cluster]:
    if not user.is_authenticated:
        return Cluster.objects.none()
    return Cluster.objects.filter(
        affiliations__user=user, affiliations__status=AffiliationStatus.VERIFIED
    )


def represented_organisations(user: User | AnonymousUser) -> list[tuple[int | None, int | None]]:
    """(region id, cluster id) of each verified affiliation of the user: one query."""
    if not user.is_authenticated:
        return []
    verified = user.affiliations.filter(status=AffiliationStatus.VERIFIED)
    return list(verified.values_list("region_id", "cluster_id"))


def representatives_of(
    *, regions: Iterable[object] = (), clusters: Iterable[object] = ()
) -> QuerySet[User]:
    """Active users with a verified affiliation to one of `regions` or `clusters`.

    Each is a list of organisations or of their ids, or a queryset of ids.
    """
    return User.objects.filter(
        Q(affiliations__region__in=regions) | Q(affiliations__cluster__in=clusters),
        is_active=True,
        affiliations__status=AffiliationStatus.VERIFIED,
    ).distinct()


def represents_region(user: User | AnonymousUser, region: Region) -> bool:
    return represented_regions(user).filter(pk=region.pk).exists()


def represents_cluster(user: User | AnonymousUser, cluster: Cluster) -> bool:
    return represented_clusters(user).filter(pk=cluster.pk).exists()


def visible_clusters(user: User | AnonymousUser) -> QuerySet[Cluster]:
    """Published profiles for all; unpublished ones for their representatives and moderators."""
    if is_moderator(user):
        return Cluster.objects.all()
    published = Cluster.objects.filter(status=ClusterStatus.PUBLISHED)
    if not user.is_authenticated:
        return published
    return published | Cluster.objects.filter(pk__in=represented_clusters(user).values("pk"))


def can_edit_cluster(user: User | AnonymousUser, cluster: Cluster) -> bool:
    return is_moderator(user) or represents_cluster(user, cluster)


def can_keep_ris3_profile(user: User | AnonymousUser, region: Region) -> bool:
    """Who adds, edits and deletes a region's RIS3 priorities (moderators also hide them)."""
    return is_moderator(user) or represents_region(user, region)


def can_write_to(user: User | AnonymousUser, organisation: Region | Cluster) -> bool:
    """Whether the user represents another organisation than `organisation`, for which
    they may start a private conversation with it (the cooperation pages)."""
    key = (None, organisation.pk) if isinstance(organisation, Cluster) else (organisation.pk, None)
    return user.is_active and any(pair != key for pair in represented_organisations(user))
