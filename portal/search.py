"""Global search across areas, regions, clusters, partnerships, calls and projects.

Each group is filtered by the same visibility rules as its own pages (the
apps' permission helpers), matched word by word on its names and texts
(`core.full_text`: PostgreSQL full text with GIN indexes), counted,
and cut to its first rows, those whose title matches first: one query per
group, whatever the number of matches. Counting stops at `COUNT_CAP`: past it
a count says "more than", so a common word costs no more than a rare one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Case, Count, Value, When, Window
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from core.full_text import condition, matching, words
from partnerships.models import Call
from partnerships.permissions import visible_partnerships
from projects.models import InvestmentProject
from regions.models import Region
from regions.permissions import visible_clusters
from thematic_areas.permissions import visible_areas

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 100
ROWS_PER_GROUP = 10
COUNT_CAP = 200


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
    # The group's own list, searched for the same words: every match, paginated.
    list_url: str = ""


@dataclass
class Kind:
    """What one group searches: its rows, the fields matched and how a row is shown."""

    key: str
    label: str
    # The name of the list page: its `q` filter looks for the same words anywhere
    # in a word, so it lists every match shown here, and a few more.
    list_view: str
    # The rows `user` may see: `rows(user)`.
    rows: Callable
    fields: tuple[str, ...]
    # Rows matching here are shown first.
    titles: tuple[str, ...]
    to_hit: Callable
    # The columns `to_hit` reads ("area__name" joins the area): long texts
    # are left in the database.
    columns: tuple[str, ...]
    order: tuple[str, ...]

    @property
    def related(self):
        return {column.split("__")[0] for column in self.columns if "__" in column}


def _group(kind, user, query, full_text):
    """One query: the first rows among the first COUNT_CAP + 1 matches, and their count.

    The matches are found unordered, so the database stops at the cap
    instead of sorting every match of a common word; past the cap, the rows
    shown are the first among the matches found, not among all.
    """
    queryset = kind.rows(user)
    found = matching(queryset, query, *kind.fields, full_text=full_text)
    found = found.order_by().values("pk")[: COUNT_CAP + 1]
    # Only the matches found are ordered: a substring test of their short
    # titles is cheaper than building a document for each (and finds those too).
    title_first = Case(
        When(condition(query, *kind.titles, full_text=False), then=Value(0)),
        default=Value(1),
    )
    rows = list(
        queryset.model._default_manager.filter(pk__in=found)
        .select_related(*kind.related)
        .only(*kind.columns)
        .order_by(title_first, *kind.order)
        .annotate(found=Window(Count("pk")))[:ROWS_PER_GROUP]
    )
    count = rows[0].found if rows else 0
    return Group(
        key=kind.key,
        label=kind.label,
        count=min(count, COUNT_CAP),
        hits=[kind.to_hit(obj) for obj in rows],
        more=count > COUNT_CAP,
        list_url=f"{reverse(kind.list_view)}?{urlencode({'q': query})}",
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


KINDS = (
    Kind(
        "areas",
        _("Thematic areas"),
        list_view="thematic_areas:area_list",
        rows=visible_areas,
        fields=("name", "summary"),
        titles=("name",),
        to_hit=_area_hit,
        columns=("name", "slug", "summary", "status"),
        order=("name",),
    ),
    Kind(
        "regions",
        _("Regions"),
        list_view="regions:region_list",
        rows=lambda user: Region.objects.all(),
        fields=("name", "name_en", "name_national", "code"),
        titles=("code",),
        to_hit=_region_hit,
        columns=("code", "name", "name_en", "name_national", "country"),
        order=("level", "code"),
    ),
    Kind(
        "clusters",
        _("Cluster organisations"),
        list_view="regions:cluster_list",
        rows=visible_clusters,
        fields=("name", "acronym", "description"),
        titles=("name", "acronym"),
        to_hit=_cluster_hit,
        columns=("name", "slug", "acronym", "region__code", "region__name", "region__name_en"),
        order=("name",),
    ),
    Kind(
        "partnerships",
        _("Partnerships"),
        list_view="partnerships:partnership_list",
        rows=visible_partnerships,
        fields=("name", "description"),
        titles=("name",),
        to_hit=_partnership_hit,
        columns=("name", "slug", "kind", "area__name"),
        order=("name",),
    ),
    Kind(
        "calls",
        _("Calls"),
        list_view="partnerships:call_list",
        rows=lambda user: Call.objects.all(),
        fields=("title", "description"),
        titles=("title",),
        to_hit=_call_hit,
        columns=("title",),
        order=("-closes_on",),
    ),
    Kind(
        "projects",
        _("Investment projects"),
        list_view="projects:project_list",
        rows=lambda user: InvestmentProject.objects.published(),
        fields=("title", "summary"),
        titles=("title",),
        to_hit=_project_hit,
        columns=("title", "slug", "stage", "area__name"),
        order=("title",),
    ),
)


def search(user, query, full_text=None):
    """The groups of results for `query` that `user` may see, groups without hits included.

    A query without a word (punctuation only) finds nothing. `full_text`
    forces the way of matching (`core.full_text`); by default the
    database decides.
    """
    if not words(query):
        return [Group(kind.key, kind.label, 0) for kind in KINDS]
    return [_group(kind, user, query, full_text) for kind in KINDS]
