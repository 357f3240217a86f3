"""`{% area_region_map area %}`: the area's map, for templates of apps below projects.

The area page belongs to thematic_areas, which cannot import matchmaking;
the page loads this tag instead, as it links to project pages by URL name.
"""

from django import template

from projects.maps import area_map
from regions.templatetags.region_maps import region_map

register = template.Library()


@register.inclusion_tag("regions/_region_map.html")
def area_region_map(area):
    return region_map(area_map(area))
