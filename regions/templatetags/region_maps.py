"""`{% region_map map %}`: draws a `regions.maps.RegionMap` as an accessible SVG with its table."""

import hashlib

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from core.cache import cached_until_write
from regions.maps import ACKNOWLEDGEMENT, RegionMap, geometry

register = template.Library()


def fingerprint(region_map: RegionMap) -> str:
    """What tells two maps' drawings apart; the regions' outlines change only with a release."""
    shown = (
        region_map.key,
        str(region_map.title),
        str(region_map.value_label),
        [(c.key, str(c.label), c.colour) for c in region_map.legend],
        [(r.code, r.name, r.text, r.legend_class.key, r.url) for r in region_map.regions],
    )
    return hashlib.sha256(repr(shown).encode()).hexdigest()


@register.simple_tag
def region_map(region_map: RegionMap) -> SafeString:
    """The map's markup, drawn once until the next write: a quarter of a megabyte of SVG
    that is the same for every reader of the page, signed in or not."""

    def draw() -> str:
        context = {"map": region_map, "geometry": geometry(), "acknowledgement": ACKNOWLEDGEMENT}
        return render_to_string("regions/_region_map.html", context)

    # The markup is the template's own, escaped when drawn; the cache keeps it as text.
    return mark_safe(cached_until_write(f"region-map:{fingerprint(region_map)}", draw))  # noqa: S308
