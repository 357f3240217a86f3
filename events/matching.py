"""Whom to meet at a matchmaking event: the other participants, those whose organisation
shares most of one's priorities first, each with the priorities shared."""

from collections import defaultdict
from dataclasses import dataclass, field

from accounts.models import User
from regions.models import Cluster, Priority, RegionPriority

from .models import Event, Registration


@dataclass
class Participant:
    registration: Registration
    priorities: list[Priority] = field(default_factory=list)
    shared: list[Priority] = field(default_factory=list)


def _priorities_of(registrations: list[Registration]) -> dict[int, list[Priority]]:
    """Each registration's organisation's priorities (RIS3 codes of a region, a cluster's
    sectors), by registration id: two queries for any number of participants."""
    regions = {r.organisation_region_id for r in registrations if r.organisation_region_id}
    clusters = {r.organisation_cluster_id for r in registrations if r.organisation_cluster_id}
    by_region: dict[int, list[Priority]] = defaultdict(list)
    for row in RegionPriority.objects.filter(region__in=regions).select_related("priority"):
        by_region[row.region_id].append(row.priority)
    by_cluster: dict[int, list[Priority]] = defaultdict(list)
    through = Cluster.priorities.through.objects.filter(cluster__in=clusters)
    for row in through.select_related("priority"):
        by_cluster[row.cluster_id].append(row.priority)
    return {
        r.pk: sorted(
            by_cluster[r.organisation_cluster_id]
            if r.organisation_cluster_id
            else by_region.get(r.organisation_region_id or 0, []),
            key=lambda p: (p.scheme, p.code),
        )
        for r in registrations
    }


def participants_for(user: User, event: Event) -> list[Participant]:
    """The other registered participants, most shared priorities first, then by name."""
    registrations = list(
        event.registrations.confirmed()
        .select_related("user", "organisation_region", "organisation_cluster")
        .order_by("user__display_name", "user__email")
    )
    priorities = _priorities_of(registrations)
    mine = next((r for r in registrations if r.user_id == user.pk), None)
    own = {p.pk for p in priorities[mine.pk]} if mine is not None else set()
    others = [
        Participant(
            r,
            priorities[r.pk],
            [p for p in priorities[r.pk] if p.pk in own],
        )
        for r in registrations
        if r.user_id != user.pk
    ]
    return sorted(others, key=lambda p: -len(p.shared))
