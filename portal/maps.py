"""The maps that need projects or matchmaking: projects per region, and an area's regions.

They sit here, above every app they read, so that regions and
thematic_areas import nothing from the apps built on them.
"""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.cache import cached_until_write
from projects.models import InvestmentProject
from regions.maps import LegendClass, category_map, count_map, nuts2_parts, sum_by_nuts2
from thematic_areas.maps import LEAD, MEMBER, membership_map, membership_values

# Okabe-Ito, like the leads and members of thematic_areas.maps: suggestions
# differ from them in hue.
SUGGESTED = LegendClass("suggested", _("Would bring a missing priority"), "#e69f00")


def projects_per_region(include_demo=False):
    """{NUTS 2 code: published projects led from it}, from one grouped query.

    Counted by lead region, as the dashboard's country and cohesion tables
    count projects; a project led by a NUTS 1 region counts in each of its
    NUTS 2 regions, one led by a NUTS 3 region in its NUTS 2 parent.
    """
    projects = InvestmentProject.objects.published()
    if not include_demo:
        projects = projects.filter(is_demo=False)
    rows = (
        projects.order_by()
        .values("lead_region__code")
        .annotate(n=Count("pk"))
        .values_list("lead_region__code", "n")
    )
    return sum_by_nuts2(rows)


def projects_map(include_demo=False):
    """Counted once until the next write: a grouped count of every published project."""
    return cached_until_write(
        f"projects-map:{include_demo}",
        lambda: count_map(
            "projects",
            projects_per_region(include_demo),
            _("Published projects by lead region"),
            _("Projects"),
            lambda n: ngettext("%(count)s project", "%(count)s projects", n) % {"count": n},
        ),
    )


def area_map_values(memberships, coverage):
    """{NUTS 2 code: "lead" | "member" | "suggested"} for an area's map.

    Leads and members are the area's current `memberships`, with their
    regions loaded; suggested regions are those of `coverage`
    (`matchmaking.area_coverage`), which would bring its missing
    priorities. A region shown through several codes takes the strongest of
    its roles: lead, then member, then suggested.
    """
    values = {}
    for region in coverage["regions"]:
        for code in nuts2_parts(region["code"]):
            values[code] = SUGGESTED.key
    values.update(membership_values(memberships))
    return values


def area_map(area, memberships, coverage=None):
    """No query. Without `coverage` (an area that seeks no members), leads and members only."""
    if coverage is None:
        return membership_map(area, memberships)
    return category_map(
        "area",
        area_map_values(memberships, coverage),
        [LEAD, MEMBER, SUGGESTED],
        _("Regions in %(area)s and regions that would bring its missing priorities")
        % {"area": area.name},
        _("Role"),
    )
