"""Who fits a cooperation posting, and which postings fit a representative's organisations.

Every match carries its reasons in words. Scores (stated on the pages too):
- 1 point per priority code shared with the posting (a region's RIS3
  profile, a cluster's sectors, another posting's priorities);
- another open posting gets 1 point more when it is complementary: an offer
  for a request, a request for an offer;
- times 1.5 for organisations in less developed and transition regions and
  in the industrial-transition pilot regions: the boost of matchmaking,
  written once in `regions.cohesion`. A region whose category is not
  recorded is never guessed into one; its match says so.

Each function runs a fixed number of queries: the codes are read in bulk and
compared in Python.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from regions.choices import ClusterStatus
from regions.cohesion import REGION_ANCESTORS, boost_factor, boost_reason, category
from regions.models import Cluster, Priority, Region, RegionPriority

from .models import Posting
from .permissions import mine

SHARED_POINTS = Decimal("1")
COMPLEMENTARY_POINTS = Decimal("1")
LIMIT = 10
POSTING_RELATED = ("region", "cluster__region")
POSTING_ANCESTORS = (f"region__{REGION_ANCESTORS}", f"cluster__region__{REGION_ANCESTORS}")


@dataclass
class Match:
    """A region, cluster or posting that fits, with its score and the reasons for it."""

    subject: Region | Cluster | Posting
    score: Decimal
    shared: list[Priority]
    reasons: list[str] = field(default_factory=list)
    boosted: bool = False
    # For a posting on the dashboard: which of the user's organisations it fits.
    fits: Region | Cluster | None = None


def _home_region(subject: Region | Cluster | Posting) -> Region:
    if isinstance(subject, Posting):
        subject = subject.organisation
    return subject.region if isinstance(subject, Cluster) else subject


def _codes(ids: set[int], priorities: dict[int, Priority]) -> list[Priority]:
    return sorted((priorities[i] for i in ids), key=lambda p: (p.scheme, p.code))


def _scored(
    subject: Region | Cluster | Posting,
    shared: list[Priority],
    *,
    extra: Decimal = Decimal("0"),
    extra_reason: str = "",
) -> Match:
    region = _home_region(subject)
    reasons = [
        ngettext(
            "%(n)s shared priority (%(codes)s)", "%(n)s shared priorities (%(codes)s)", len(shared)
        )
        % {"n": len(shared), "codes": ", ".join(p.short_label for p in shared)}
    ]
    if extra_reason:
        reasons.append(extra_reason)
    boost = boost_reason(region)
    factor = boost_factor(region)
    if boost:
        reasons.append(_("× %(boost)s: %(why)s") % {"boost": factor, "why": boost})
    elif not category(region):
        reasons.append(_("cohesion category of %(region)s not recorded") % {"region": region})
    score = (SHARED_POINTS * len(shared) + extra) * factor
    return Match(subject, score, shared, reasons, boosted=bool(boost))


def _top(matches: list[Match]) -> list[Match]:
    return sorted(matches, key=lambda m: (-m.score, str(m.subject)))[:LIMIT]


def _grouped(rows: list[tuple[int, int]]) -> dict[int, set[int]]:
    grouped: dict[int, set[int]] = defaultdict(set)
    for owner_id, priority_id in rows:
        grouped[owner_id].add(priority_id)
    return grouped


def posting_matches(posting: Posting) -> dict[str, list[Match]]:
    """The regions, clusters and other open postings that fit `posting`, best first."""
    ids = set(posting.priorities.values_list("pk", flat=True))
    priorities = {p.pk: p for p in Priority.objects.filter(pk__in=ids)}
    region_rows = RegionPriority.objects.filter(priority__in=ids).exclude(region=posting.region_id)
    by_region = _grouped(list(region_rows.values_list("region_id", "priority_id")))
    cluster_rows = Cluster.priorities.through.objects.filter(
        priority__in=ids, cluster__status=ClusterStatus.PUBLISHED
    ).exclude(cluster=posting.cluster_id)
    by_cluster = _grouped(list(cluster_rows.values_list("cluster_id", "priority_id")))
    posting_rows = (
        Posting.priorities.through.objects.filter(
            priority__in=ids, posting__in=Posting.objects.listed().open()
        )
        .exclude(posting=posting.pk)
        .exclude(posting__region=posting.region_id, posting__cluster=posting.cluster_id)
    )
    by_posting = _grouped(list(posting_rows.values_list("posting_id", "priority_id")))
    regions = Region.objects.filter(pk__in=list(by_region)).select_related(REGION_ANCESTORS)
    clusters = Cluster.objects.filter(pk__in=list(by_cluster)).select_related(
        f"region__{REGION_ANCESTORS}"
    )
    others = Posting.objects.filter(pk__in=list(by_posting)).select_related(*POSTING_ANCESTORS)
    return {
        "regions": _top([_scored(r, _codes(by_region[r.pk], priorities)) for r in regions]),
        "clusters": _top([_scored(c, _codes(by_cluster[c.pk], priorities)) for c in clusters]),
        "postings": _top(
            [
                _posting_match(posting, other, _codes(by_posting[other.pk], priorities))
                for other in others
            ]
        ),
    }


def _posting_match(posting: Posting, other: Posting, shared: list[Priority]) -> Match:
    if other.direction == posting.direction:
        return _scored(other, shared)
    reason = (
        _("complementary: it seeks what you offer")
        if other.direction == "seek"
        else _("complementary: it offers what you seek")
    )
    return _scored(other, shared, extra=COMPLEMENTARY_POINTS, extra_reason=reason)


def fitting_postings(user: User) -> list[Match]:
    """The open postings of other organisations that share priority codes with the profile
    of a region or the sectors of a cluster the user represents, best first."""
    own = mine(user)
    if not own:
        return []
    profiles: dict[tuple[str, int], set[int]] = defaultdict(set)
    for region_id, priority_id in RegionPriority.objects.filter(region__in=own.regions).values_list(
        "region_id", "priority_id"
    ):
        profiles["region", region_id].add(priority_id)
    for cluster_id, priority_id in Cluster.priorities.through.objects.filter(
        cluster__in=own.clusters
    ).values_list("cluster_id", "priority_id"):
        profiles["cluster", cluster_id].add(priority_id)
    codes = set().union(*profiles.values()) if profiles else set()
    rows = Posting.priorities.through.objects.filter(
        priority__in=codes,
        posting__in=Posting.objects.listed().open().exclude(own.q()),
    ).values_list("posting_id", "priority_id")
    by_posting = _grouped(list(rows))
    priorities = {p.pk: p for p in Priority.objects.filter(pk__in=codes)}
    organisations = {
        **{("region", r.pk): r for r in Region.objects.filter(pk__in=own.regions)},
        **{("cluster", c.pk): c for c in Cluster.objects.filter(pk__in=own.clusters)},
    }
    matches = []
    postings = Posting.objects.filter(pk__in=list(by_posting)).select_related(*POSTING_ANCESTORS)
    for posting in postings:
        # The organisation of the user's that shares the most codes with it.
        key, shared = max(
            ((key, by_posting[posting.pk] & ids) for key, ids in profiles.items()),
            key=lambda pair: (len(pair[1]), pair[0]),
        )
        match = _scored(posting, _codes(shared, priorities))
        match.fits = organisations[key]
        matches.append(match)
    return sorted(matches, key=lambda m: (-m.score, m.subject.closes_on, m.subject.pk))
