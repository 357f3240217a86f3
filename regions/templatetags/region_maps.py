"""`{% region_map map %}`: draws a `regions.maps.RegionMap` as an accessible SVG with its table."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from core.cache import cached_markup
from regions.maps import ACKNOWLEDGEMENT, RegionMap, geometry

register = template.Library()


def fingerprint(region_map: RegionMap) -> str:
    """What tells two maps' drawings apart; the regions' outlines change only with a release."""
    return repr(
        (
            region_map.key,
            str(region_map.title),
            str(region_map.value_label),
            [(c.key, str(c.label), c.colour) for c in region_map.legend],
            [(r.code, r.name, r.text, r.legend_class.key, r.url) for r in region_map.regions],
        )
    )


@register.simple_tag
def region_map(region_map: RegionMap) -> SafeString:
    """The map's markup, drawn once until the next write: a quarter of a megabyte of SVG
    that is the same for every reader of the page, signed in or not."""

    def draw() -> str:
        context = {"map": region_map, "geometry": geometry(), "acknowledgement": ACKNOWLEDGEMENT}
        return render_to_string("regions/_region_map.html", context)

    return cached_markup("region-map", fingerprint(region_map), draw)
