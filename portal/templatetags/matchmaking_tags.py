"""Matchmaking on the pages of the apps below this one, which may not import it.

The thematic area page loads this library to show the priorities its
members lack, who would bring them, and the map of leads, members and
suggested regions; its view stays free of any import from `projects`.
"""

from django import template

from portal import maps, matchmaking
from thematic_areas.choices import AreaStatus

register = template.Library()

# The area page shows the first few suggestions and links to the rest.
AREA_PAGE_SUGGESTIONS = 3


@register.simple_tag
def area_coverage(area):
    """`matchmaking.area_coverage`, for an active area only: no other takes new members."""
    return matchmaking.area_coverage(area) if area.status == AreaStatus.ACTIVE else None


@register.simple_tag
def area_map(area, leads, members, coverage):
    """The map of the area's current leads and members, and of `coverage`'s suggested regions."""
    return maps.area_map(area, [*leads, *members], coverage)


@register.inclusion_tag("portal/_area_missing_priorities.html")
def missing_priorities(area, coverage):
    return {
        "area": area,
        "missing": coverage["missing"],
        "regions": coverage["regions"][:AREA_PAGE_SUGGESTIONS],
        "clusters": coverage["clusters"][:AREA_PAGE_SUGGESTIONS],
        "coverage": coverage,
        "boost": matchmaking.COHESION_BOOST,
    }
