"""Who may act for which region or cluster: one definition for pages, API and admin."""

from core.moderators import is_moderator

from .choices import AffiliationStatus, ClusterStatus
from .models import Cluster, Region


def represented_regions(user):
    if not user.is_authenticated:
        return Region.objects.none()
    return Region.objects.filter(
        affiliations__user=user, affiliations__status=AffiliationStatus.VERIFIED
    )


def represented_clusters(user):
    if not user.is_authenticated:
        return Cluster.objects.none()
    return Cluster.objects.filter(
        affiliations__user=user, affiliations__status=AffiliationStatus.VERIFIED
    )


def represents_region(user, region):
    return represented_regions(user).filter(pk=region.pk).exists()


def represents_cluster(user, cluster):
    return represented_clusters(user).filter(pk=cluster.pk).exists()


def visible_clusters(user):
    """Published profiles for all; unpublished ones for their representatives and moderators."""
    if is_moderator(user):
        return Cluster.objects.all()
    published = Cluster.objects.filter(status=ClusterStatus.PUBLISHED)
    if not user.is_authenticated:
        return published
    return published | Cluster.objects.filter(pk__in=represented_clusters(user).values("pk"))


def can_edit_cluster(user, cluster):
    return is_moderator(user) or represents_cluster(user, cluster)
