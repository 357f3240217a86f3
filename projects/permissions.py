"""Who may see and act on investment projects: one definition for pages, API and admin.

A project's representatives are those of its lead region, of the regions
taking part in their own right, and of its partner clusters. The area's
lead representatives review submitted projects; moderators may do anything.
Published and archived projects are public; drafts and submitted projects
are seen only by the project's representatives, the area's leads and moderators.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from accounts.models import User
from core.cache import cached_until_write
from core.moderators import is_moderator
from regions.permissions import (
    represented_clusters,
    represented_organisations,
    represented_regions,
)
from thematic_areas.permissions import is_lead_representative, led_areas

from .choices import ProjectStatus
from .models import InvestmentProject, ProjectPartner

PUBLIC_STATUSES = (ProjectStatus.PUBLISHED, ProjectStatus.ARCHIVED)


def represented_projects(user: User | AnonymousUser) -> QuerySet[InvestmentProject]:
    """Projects the user takes part in through a region or cluster they represent."""
    if not user.is_authenticated:
        return InvestmentProject.objects.none()
    regions = represented_regions(user)
    as_partner = _partners_for(regions, represented_clusters(user)).values("project")
    return InvestmentProject.objects.filter(Q(lead_region__in=regions) | Q(pk__in=as_partner))


def _partners_for(regions: object, clusters: object) -> QuerySet[ProjectPartner]:
    """Partner rows of these regions (in their own right) and clusters: querysets or ids."""
    return ProjectPartner.objects.filter(
        Q(region__in=regions, cluster__isnull=True) | Q(cluster__in=clusters)
    )


def reviewed_projects(user: User | AnonymousUser) -> QuerySet[InvestmentProject]:
    """Projects of the areas the user's regions lead: theirs to publish or return."""
    if not user.is_authenticated:
        return InvestmentProject.objects.none()
    return InvestmentProject.objects.filter(area__in=led_areas(user))


def visible_projects(user: User | AnonymousUser) -> QuerySet[InvestmentProject]:
    """Public projects, and the drafts and submitted projects the user takes part in or reviews.

    The few non-public ids are fetched first: ORed as nested subqueries
    with the public ones, PostgreSQL ran the inner ones once per project
    (minutes at EU scale), whereas `status IN (…) OR id IN (1, 2, 3)` is
    served by the indexes.
    """
    if is_moderator(user):
        return InvestmentProject.objects.all()
    public = Q(status__in=PUBLIC_STATUSES)
    if not user.is_authenticated:
        return InvestmentProject.objects.filter(public)
    return InvestmentProject.objects.filter(public | Q(pk__in=_private_project_ids(user)))


def _private_project_ids(user: User) -> list[int]:
    """The drafts and submitted projects the user represents or reviews: a handful of ids.

    Kept until the next write (`core.cache`): finding them reads the
    partners of every project the user's regions and clusters take part in,
    tens of milliseconds at EU scale, on each of the user's requests.
    """
    return cached_until_write(f"private-projects:{user.pk}", lambda: _find_private_ids(user))


def _find_private_ids(user: User) -> list[int]:
    """Two queries: the user's organisations, then the projects (only the
    non-public ones, few, are searched)."""
    affiliations = represented_organisations(user)
    regions = [region for region, _cluster in affiliations if region]
    clusters = [cluster for _region, cluster in affiliations if cluster]
    if not affiliations:
        return []
    private = InvestmentProject.objects.exclude(status__in=PUBLIC_STATUSES)
    own = private.filter(Q(lead_region__in=regions) | Q(area__in=led_areas(user)))
    partnered = _partners_for(regions, clusters).filter(project__in=private.values("pk"))
    # Unordered: SQLite refuses an ORDER BY inside a UNION's parts (the models' default order).
    ids = (
        own.order_by()
        .values_list("pk", flat=True)
        .union(partnered.order_by().values_list("project", flat=True))
    )
    return sorted(set(ids))


def is_project_representative(user: User | AnonymousUser, project: InvestmentProject) -> bool:
    return represented_projects(user).filter(pk=project.pk).exists()


def can_edit_project(user: User | AnonymousUser, project: InvestmentProject) -> bool:
    """Its representatives and moderators edit a project until it is archived."""
    if project.status == ProjectStatus.ARCHIVED:
        return False
    return is_moderator(user) or is_project_representative(user, project)


def may_submit_project(user: User | AnonymousUser, project: InvestmentProject) -> bool:
    """Who submits the project when it is a draft: its representatives and moderators."""
    return is_moderator(user) or is_project_representative(user, project)


def can_submit_project(user: User | AnonymousUser, project: InvestmentProject) -> bool:
    return project.status == ProjectStatus.DRAFT and may_submit_project(user, project)


def may_review_project(user: User | AnonymousUser, project: InvestmentProject) -> bool:
    """Who publishes or returns the project once submitted: the area's leads and moderators."""
    return is_moderator(user) or is_lead_representative(user, project.area)


def can_review_project(user: User | AnonymousUser, project: InvestmentProject) -> bool:
    return project.status == ProjectStatus.SUBMITTED and may_review_project(user, project)


def may_archive_project(user: User | AnonymousUser, project: InvestmentProject) -> bool:
    """Who archives the project once published: leads, its representatives, moderators."""
    return (
        is_moderator(user)
        or is_lead_representative(user, project.area)
        or is_project_representative(user, project)
    )


def can_archive_project(user: User | AnonymousUser, project: InvestmentProject) -> bool:
    return project.status == ProjectStatus.PUBLISHED and may_archive_project(user, project)
