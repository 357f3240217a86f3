"""Global search across areas, regions, clusters, partnerships, calls and projects.

Each group is filtered by the same visibility rules as its own pages (the
apps' permission helpers), counted, and cut to its first rows: two queries
per group, whatever the number of matches. Counting stops at `COUNT_CAP`:
past it a count says "more than", so a common word costs no more than a
rare one (on PostgreSQL, trigram indexes serve the `icontains` matching).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Window
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from partnerships.models import Call
from partnerships.permissions import visible_partnerships
from projects.models import InvestmentProject
from regions.models import Region
from regions.permissions import visible_clusters
from thematic_areas.permissions import visible_areas

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 100
ROWS_PER_GROUP = 10
COUNT_CAP = 1000


@dataclass
class Hit:
    title: str
    url: str
    description: str = ""
    meta: str = ""


@dataclass
class Group:
    key: str
    label: str
    count: int
    hits: list[Hit] = field(default_factory=list)
    # True when there are more than `count` matches (counting stopped at the cap).
    more: bool = False


def _matching(queryset, query, *fields):
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": query})
    return queryset.filter(condition)


def _group(key, label, matches, to_hit, order, related=()):
    """One query: the first rows in `order` among the first COUNT_CAP + 1 matches, and their count.

    The matches are found unordered, so the database stops at the cap
    instead of sorting every match of a common word; past the cap, the rows
    shown are the first in order among the matches found, not among all.
    """
    found = matches.order_by().values("pk")[: COUNT_CAP + 1]
    rows = list(
        matches.model._default_manager.filter(pk__in=found)
        .select_related(*related)
        .order_by(*order)
        .annotate(found=Window(Count("pk")))[:ROWS_PER_GROUP]
    )
    count = rows[0].found if rows else 0
    return Group(
        key=key,
        label=label,
        count=min(count, COUNT_CAP),
        hits=[to_hit(obj) for obj in rows],
        more=count > COUNT_CAP,
    )


def _area_hit(area):
    return Hit(area.name, area.get_absolute_url(), area.summary, area.get_status_display())


def _region_hit(region):
    return Hit(str(region), region.get_absolute_url(), region.name_national, region.country)


def _cluster_hit(cluster):
    return Hit(cluster.name, cluster.get_absolute_url(), cluster.acronym, str(cluster.region))


def _partnership_hit(partnership):
    return Hit(
        partnership.name,
        partnership.get_absolute_url(),
        partnership.area.name,
        partnership.get_kind_display(),
    )


def _call_hit(call):
    return Hit(call.title, f"{reverse('partnerships:call_list')}#call-{call.pk}", "", "")


def _project_url(project):
    # Project pages are optional: a project is still found without one.
    try:
        return project.get_absolute_url()
    except NoReverseMatch:
        return ""


def _project_hit(project):
    return Hit(project.title, _project_url(project), project.area.name, project.get_stage_display())


def search(user, query):
    """The groups of results for `query` that `user` may see, groups without hits included."""
    return [
        _group(
            "areas",
            _("Thematic areas"),
            _matching(visible_areas(user), query, "name", "summary"),
            _area_hit,
            order=["name"],
        ),
        _group(
            "regions",
            _("Regions"),
            _matching(Region.objects.all(), query, "name", "name_en", "name_national", "code"),
            _region_hit,
            order=["level", "code"],
        ),
        _group(
            "clusters",
            _("Cluster organisations"),
            _matching(visible_clusters(user), query, "name", "acronym", "description"),
            _cluster_hit,
            order=["name"],
            related=["region"],
        ),
        _group(
            "partnerships",
            _("Partnerships"),
            _matching(visible_partnerships(user), query, "name", "description"),
            _partnership_hit,
            order=["name"],
            related=["area"],
        ),
        _group(
            "calls",
            _("Calls"),
            _matching(Call.objects.all(), query, "title", "description"),
            _call_hit,
            order=["-closes_on"],
        ),
        _group(
            "projects",
            _("Investment projects"),
            _matching(InvestmentProject.objects.published(), query, "title", "summary"),
            _project_hit,
            order=["title"],
            related=["area"],
        ),
    ]
