"""Matchmaking: who should work with whom, and why, from smart-specialisation priority codes.

Every suggestion carries its reasons: the shared priority codes, the score
and what it is made of. Each function runs a fixed number of queries (the
priority sets are read in bulk and compared in Python), so a page costs the
same whether the area has two members or two hundred.

Scores (stated on the pages too):
- areas for a region: 1 point per priority the region shares with the area's
  declared priorities, plus 0.5 per priority it shares only with the area's
  current member regions;
- regions and clusters bringing an area's missing priorities: 1 point per
  missing priority they declare, times 1.5 (`regions.cohesion`, the one
  boost rule) for organisations in regions the platform must help first:
  less developed and transition regions and those of the 2017-2018
  industrial-transition pilot. A region without a recorded category is never
  guessed into one: its suggestion says "category not recorded", and the
  coverage counts such suggestions;
- partner clusters for a project: 1 point per priority the cluster shares
  with the project's area; clusters from countries not yet in the project
  come first, then by score;
- regions like a region: the Jaccard index of their priority codes,
  |shared| / |either|, as in Eye@RIS3's search by shared codes.

Pages and the API read an area's and a region's suggestions through
`area_coverage` and `region_suggestions`: plain data, cached until one of
the rows they are computed from changes (see "Cached results" below).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.cache import cached_until_write
from partnerships.models import PartnershipMembership
from regions.choices import ClusterStatus
from regions.cohesion import COHESION_BOOST, REGION_ANCESTORS, boost_reason, category
from regions.models import Cluster, Priority, Region, RegionPriority
from thematic_areas.models import AreaMembership, ThematicArea

OWN_PRIORITY_POINTS = Decimal("1")
MEMBER_PRIORITY_POINTS = Decimal("0.5")
LIMIT = 10


@dataclass
class Suggestion:
    """One suggested area, region or cluster, with the reasons behind its score."""

    subject: object
    score: Decimal
    shared: list = field(default_factory=list)
    explanation: str = ""
    boosted: bool = False
    # The recorded cohesion category's value, "" when none is recorded; None
    # where the score does not depend on it (areas, project partners).
    category: str | None = None
    new_country: bool = False
    # It rests on demo data (fictitious priorities or clusters): pages say so.
    demo: bool = False

    def as_dict(self):
        """Plain data, for the cache, the templates and the API alike."""
        return {
            **_SUBJECTS[type(self.subject)](self.subject),
            "score": str(self.score),
            "shared_priorities": [priority_dict(p) for p in self.shared],
            "explanation": self.explanation,
            "cohesion_boost": self.boosted,
            "cohesion_category": self.category,
            "new_country": self.new_country,
            "demo": self.demo,
        }


def priority_dict(priority):
    return {"scheme": priority.scheme, "code": priority.code, "name": priority.display_name}


def _region_dict(region):
    return {"code": region.code, "name": region.display_name}


# A suggestion's subject, by the code or slug its page is found by.
_SUBJECTS = {
    Region: _region_dict,
    Cluster: lambda c: {"slug": c.slug, "name": c.name, "region": _region_dict(c.region)},
    ThematicArea: lambda a: {"slug": a.slug, "name": a.name},
}


def region_priority_ids(region):
    return set(region.region_priorities.values_list("priority_id", flat=True))


def _priorities(ids):
    return {p.pk: p for p in Priority.objects.filter(pk__in=ids)}


def _codes(ids, priorities):
    return sorted((priorities[i] for i in ids), key=lambda p: (p.scheme, p.code))


def _top(suggestions, key=None):
    key = key or (lambda s: (-s.score, str(s.subject)))
    return sorted(suggestions, key=key)[:LIMIT]


def suggested_areas(region):
    """Active areas the region is not in, ranked by shared priorities."""
    mine = region_priority_ids(region)
    joined = AreaMembership.objects.current().filter(region=region).values("area")
    areas = {a.pk: a for a in ThematicArea.objects.active().exclude(pk__in=joined)}
    own, members = defaultdict(set), defaultdict(set)
    through = ThematicArea.priorities.through.objects.filter(
        thematicarea__in=list(areas), priority__in=mine
    )
    for area_id, priority_id in through.values_list("thematicarea_id", "priority_id"):
        own[area_id].add(priority_id)
    member_rows = RegionPriority.objects.filter(
        priority__in=mine,
        region__area_memberships__left_at__isnull=True,
        region__area_memberships__area__in=list(areas),
    ).values_list("region__area_memberships__area_id", "priority_id")
    for area_id, priority_id in member_rows:
        members[area_id].add(priority_id)
    priorities = _priorities(mine)
    demo = set(region.region_priorities.filter(is_demo=True).values_list("priority_id", flat=True))
    suggestions = []
    for area_id in set(own) | set(members):
        own_ids, member_ids = own[area_id], members[area_id] - own[area_id]
        score = OWN_PRIORITY_POINTS * len(own_ids) + MEMBER_PRIORITY_POINTS * len(member_ids)
        explanation = _(
            "%(own)s of the area's priorities × %(own_points)s"
            " + %(members)s of its members' priorities × %(member_points)s"
        ) % {
            "own": len(own_ids),
            "own_points": OWN_PRIORITY_POINTS,
            "members": len(member_ids),
            "member_points": MEMBER_PRIORITY_POINTS,
        }
        shared = own_ids | member_ids
        suggestions.append(
            Suggestion(
                areas[area_id],
                score,
                _codes(shared, priorities),
                explanation,
                demo=bool(shared & demo),
            )
        )
    return _top(suggestions)


@dataclass
class AreaCoverage:
    covered: list
    missing: list
    regions: list
    clusters: list

    def as_dict(self):
        suggestions = [*self.regions, *self.clusters]
        return {
            "covered": [priority_dict(p) for p in self.covered],
            "missing": [priority_dict(p) for p in self.missing],
            "regions": [s.as_dict() for s in self.regions],
            "clusters": [s.as_dict() for s in self.clusters],
            # Suggestions whose region has no recorded cohesion category: their
            # score carries no boost they might deserve.
            "category_unknown": sum(1 for s in suggestions if s.category == ""),
        }


def missing_priorities(area):
    """The area's declared priorities its members cover and lack, and who would bring the rest."""
    declared = set(area.priorities.values_list("pk", flat=True))
    member_regions = AreaMembership.objects.current().filter(area=area).values("region")
    member_clusters = PartnershipMembership.objects.current().filter(partnership__area=area)
    covered = set(
        RegionPriority.objects.filter(region__in=member_regions, priority__in=declared).values_list(
            "priority_id", flat=True
        )
    ) | set(
        Cluster.priorities.through.objects.filter(
            cluster__in=member_clusters.values("cluster"), priority__in=declared
        ).values_list("priority_id", flat=True)
    )
    missing = declared - covered
    priorities = _priorities(declared)
    return AreaCoverage(
        covered=_codes(covered, priorities),
        missing=_codes(missing, priorities),
        regions=_regions_bringing(missing, member_regions, priorities),
        clusters=_clusters_bringing(missing, member_clusters.values("cluster"), priorities),
    )


def _boosted(subject, region, ids, priorities, demo):
    reason = boost_reason(region)
    factor = COHESION_BOOST if reason else Decimal("1")
    explanation = ngettext(
        "%(n)s missing priority × 1", "%(n)s missing priorities × 1", len(ids)
    ) % {"n": len(ids)}
    if reason:
        explanation += _(" × %(boost)s (%(category)s)") % {"boost": factor, "category": reason}
    value = category(region)
    if not value:
        explanation += _("; cohesion category not recorded")
    return Suggestion(
        subject,
        len(ids) * factor,
        _codes(ids, priorities),
        explanation,
        boosted=bool(reason),
        category=value,
        demo=demo,
    )


def _by_region(rows):
    """{region id: its priority ids} of the RegionPriority `rows`, and the regions any of
    whose rows is a demo row."""
    priority_ids, demo = defaultdict(set), set()
    for region_id, priority_id, is_demo in rows.values_list("region_id", "priority_id", "is_demo"):
        priority_ids[region_id].add(priority_id)
        if is_demo:
            demo.add(region_id)
    return priority_ids, demo


def _published_clusters_with(priority_ids, excluded):
    """{published cluster id: its priorities among `priority_ids`}, but for the `excluded`."""
    rows = Cluster.priorities.through.objects.filter(
        priority__in=priority_ids, cluster__status=ClusterStatus.PUBLISHED
    ).exclude(cluster__in=excluded)
    by_cluster = defaultdict(set)
    for cluster_id, priority_id in rows.values_list("cluster_id", "priority_id"):
        by_cluster[cluster_id].add(priority_id)
    return by_cluster


def _regions_bringing(missing, member_regions, priorities):
    bring, demo = _by_region(
        RegionPriority.objects.filter(priority__in=missing).exclude(region__in=member_regions)
    )
    regions = Region.objects.filter(pk__in=list(bring)).select_related(REGION_ANCESTORS)
    return _top(_boosted(r, r, bring[r.pk], priorities, r.pk in demo) for r in regions)


def _clusters_bringing(missing, member_clusters, priorities):
    bring = _published_clusters_with(missing, member_clusters)
    clusters = Cluster.objects.filter(pk__in=list(bring)).select_related(
        f"region__{REGION_ANCESTORS}"
    )
    return _top(_boosted(c, c.region, bring[c.pk], priorities, c.is_demo) for c in clusters)


def suggested_partners(project):
    """Published clusters sharing the area's priorities, not yet partners; new countries first."""
    declared = set(project.area.priorities.values_list("pk", flat=True))
    partners = project.partners.all()
    present = set(partners.values_list("country", flat=True)) | {project.lead_region.country}
    bring = _published_clusters_with(
        declared, partners.filter(cluster__isnull=False).values("cluster")
    )
    priorities = _priorities(declared)
    clusters = Cluster.objects.filter(pk__in=list(bring)).select_related("region")
    suggestions = []
    for cluster in clusters:
        ids = bring[cluster.pk]
        new_country = cluster.region.country not in present
        explanation = ngettext(
            "%(n)s shared priority × 1", "%(n)s shared priorities × 1", len(ids)
        ) % {"n": len(ids)}
        if new_country:
            explanation += _("; brings a new country (%(country)s)") % {
                "country": cluster.region.country
            }
        suggestions.append(
            Suggestion(
                cluster,
                Decimal(len(ids)),
                _codes(ids, priorities),
                explanation,
                new_country=new_country,
                demo=cluster.is_demo,
            )
        )
    return _top(suggestions, key=lambda s: (not s.new_country, -s.score, s.subject.name))


def similar_regions(region):
    """Regions whose priority codes overlap most with this region's (Jaccard index)."""
    mine = region_priority_ids(region)
    shared, demo = _by_region(
        RegionPriority.objects.filter(priority__in=mine).exclude(region=region)
    )
    sizes = dict(
        RegionPriority.objects.filter(region__in=list(shared))
        .values("region")
        .annotate(n=Count("pk"))
        .values_list("region", "n")
    )
    priorities = _priorities(mine)
    regions = Region.objects.filter(pk__in=list(shared)).select_related("parent")
    suggestions = []
    for other in regions:
        both = len(shared[other.pk])
        either = len(mine) + sizes[other.pk] - both
        score = (Decimal(both) / either).quantize(Decimal("0.001"))
        explanation = _("%(both)s shared of %(either)s priorities between the two regions") % {
            "both": both,
            "either": either,
        }
        suggestions.append(
            Suggestion(
                other,
                score,
                _codes(shared[other.pk], priorities),
                explanation,
                demo=other.pk in demo,
            )
        )
    return _top(suggestions)


# Cached results
#
# An area's coverage costs eight queries, a region's suggestions eleven; the
# area page shows the coverage on every view, so both are kept in the one
# cache (core.cache), until any domain row changes. Explanations and category
# names are translated when computed: the cache keeps one entry per language.


def area_coverage(area):
    """`missing_priorities(area)` as plain data (`AreaCoverage.as_dict`), from the cache."""
    return cached_until_write(
        f"matchmaking:area:{area.pk}", lambda: missing_priorities(area).as_dict()
    )


def region_suggestions(region):
    """The areas to join and the regions like `region`, as plain data, from the cache."""
    return cached_until_write(
        f"matchmaking:region:{region.pk}",
        lambda: {
            "priority_count": region.region_priorities.count(),
            "areas": [s.as_dict() for s in suggested_areas(region)],
            "similar": [s.as_dict() for s in similar_regions(region)],
        },
    )
