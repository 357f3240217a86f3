"""`{% region_map map %}`: draws a `regions.maps.RegionMap` as an accessible SVG with its table."""

from django import template

from regions.maps import ACKNOWLEDGEMENT, geometry

register = template.Library()


@register.inclusion_tag("regions/_region_map.html")
def region_map(region_map):
    return {"map": region_map, "geometry": geometry(), "acknowledgement": ACKNOWLEDGEMENT}
