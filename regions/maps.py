"""Choropleth maps of the EU's NUTS 2 regions, drawn on the server as SVG.

Why server-side SVG: the portal must work on a closed network and under a
strict Content-Security-Policy, so there are no map tiles, no CDN and no
inline script or style. An SVG written into the page needs no script at
all, each region can be a real link (keyboard focus, a `<title>` read by
screen readers), and colours are SVG `fill` attributes, which the CSP
allows. The geometry never changes while the process runs, so the shipped
GeoJSON (Eurostat GISCO, 1:20 million, see data/SOURCES.md) is read,
projected and simplified once per process (`geometry()`, cached); a page
only picks a colour per region.

Projection: Lambert azimuthal equal-area centred at 52° N 10° E, the
projection of Eurostat's own maps (ETRS89-LAEA, EPSG:3035), here on a
sphere. Equal area matters for a choropleth: Nordic regions are not
inflated as they would be on an equirectangular map, so colour weighs as
much as the region's real size. Coordinates are rounded to a tenth of a
map unit and points closer than `MIN_STEP` to the previous one dropped,
which keeps the page small (`test_maps` bounds the size) while every
region keeps its shape at the drawn scale.

Outermost regions (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte,
Açores, Madeira, Canarias) are drawn in insets beside the main frame, each
fitted to its own box (so insets are not at the main map's scale); the main
frame holds mainland Europe with Cyprus and Malta. Regions outside the
EU-27 that fall in the frame are drawn in light grey, without links, for
orientation only.

Values are given per NUTS code at any level and shown on the NUTS 2 regions
they cover (`nuts2_parts`): a country or NUTS 1 value colours each of its
NUTS 2 regions, a NUTS 3 value its NUTS 2 parent. NUTS codes nest by
prefix (a region's parent code is its code without the last character), so
this needs no database query.
"""

import json
import math
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import Path

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Region

GEOJSON = Path(__file__).resolve().parent / "data" / "nuts2.geojson"
ACKNOWLEDGEMENT = _("© EuroGeographics for the administrative boundaries; source: Eurostat GISCO")

# fmt: off
EU27 = frozenset((
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL",
    "ES", "FI", "FR", "HR", "HU", "IE", "IT", "LT", "LU",
    "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
))
# fmt: on
# Drawn as insets, in this order, top to bottom.
OUTERMOST = ("FRY1", "FRY2", "FRY3", "FRY4", "FRY5", "PT20", "PT30", "ES70")

CENTRE_LAT, CENTRE_LON = 52.0, 10.0
MAIN_WIDTH = 800
PADDING = 8
INSET_GAP = 6
MIN_STEP = 0.8

NO_DATA_COLOUR = "#d4d4d4"
# ColorBrewer YlGnBu, light to dark, without its palest step so the first
# class stays distinct from the grey of "no data"; safe for colour-blind
# readers because it runs in lightness.
SEQUENTIAL = ("#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")


# Geometry


def project(lon, lat, centre_lat=CENTRE_LAT, centre_lon=CENTRE_LON):
    """Lambert azimuthal equal-area on the unit sphere; y grows northwards."""
    phi, lam = math.radians(lat), math.radians(lon - centre_lon)
    phi1 = math.radians(centre_lat)
    k = math.sqrt(
        2 / (1 + math.sin(phi1) * math.sin(phi) + math.cos(phi1) * math.cos(phi) * math.cos(lam))
    )
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(phi1) * math.sin(phi) - math.sin(phi1) * math.cos(phi) * math.cos(lam))
    return x, y


def _polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def _rings(feature):
    return [ring for polygon in _polygons(feature["geometry"]) for ring in polygon]


@dataclass(frozen=True)
class Frame:
    """Maps projected coordinates into a box of the SVG (SVG's y grows downwards)."""

    min_x: float
    max_y: float
    scale: float
    left: float = 0
    top: float = 0

    def point(self, x, y):
        return self.left + (x - self.min_x) * self.scale, self.top + (self.max_y - y) * self.scale


def _bounds(points):
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def simplify(points):
    """Round to 0.1 and drop points nearer than MIN_STEP to the last kept one."""
    kept = [points[0]]
    for x, y in points[1:]:
        if math.hypot(x - kept[-1][0], y - kept[-1][1]) >= MIN_STEP:
            kept.append((x, y))
    if len(kept) < 3:
        # A ring smaller than MIN_STEP: keep its first points so it is still drawn.
        kept = points[: max(3, len(kept))]
    return [(round(x, 1), round(y, 1)) for x, y in kept]


def _tenths(value):
    return f"{value / 10:g}"


def _path(rings):
    """SVG path data: each ring's first point, then each step from the point before.

    Relative steps are about a third shorter than absolute points, and the
    map is most of a page that shows it. They are taken in whole tenths
    (the points are rounded to 0.1), so adding them up lands on the rounded
    points exactly.
    """
    parts = []
    for ring in rings:
        tenths = [(round(x * 10), round(y * 10)) for x, y in ring]
        x0, y0 = tenths[0]
        moves = " ".join(
            f"{_tenths(bx - ax)},{_tenths(by - ay)}" for (ax, ay), (bx, by) in pairwise(tenths)
        )
        parts.append(f"M{_tenths(x0)},{_tenths(y0)}l{moves}z")
    return "".join(parts)


def _feature_path(feature, frame, projection=project):
    rings = []
    for ring in _rings(feature):
        rings.append(simplify([frame.point(*projection(lon, lat)) for lon, lat in ring]))
    return _path(rings)


@dataclass(frozen=True)
class Inset:
    code: str
    x: float
    y: float
    size: float


@dataclass(frozen=True)
class Geometry:
    """The drawn map: region paths by NUTS 2 code, context paths, inset boxes, size."""

    width: float
    height: float
    paths: dict
    names: dict
    context: tuple
    insets: tuple


def _load():
    with GEOJSON.open(encoding="utf-8") as f:
        return json.load(f)["features"]


def _main_frame(features):
    points = [
        project(lon, lat)
        for f in features
        if f["properties"]["CNTR_CODE"] in EU27 and f["properties"]["NUTS_ID"] not in OUTERMOST
        for ring in _rings(f)
        for lon, lat in ring
    ]
    min_x, min_y, max_x, max_y = _bounds(points)
    scale = (MAIN_WIDTH - 2 * PADDING) / (max_x - min_x)
    height = (max_y - min_y) * scale + 2 * PADDING
    frame = Frame(min_x, max_y, scale, left=PADDING, top=PADDING)
    return frame, height, (min_x, min_y, max_x, max_y)


def _inset(feature, box):
    """Fit a region into its inset box, projected around its own centre."""
    lons = [lon for ring in _rings(feature) for lon, _lat in ring]
    lats = [lat for ring in _rings(feature) for _lon, lat in ring]
    centre = ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)

    def local(lon, lat):
        return project(lon, lat, *centre)

    points = [local(lon, lat) for ring in _rings(feature) for lon, lat in ring]
    min_x, min_y, max_x, max_y = _bounds(points)
    inner = box.size - 2 * PADDING
    scale = inner / max(max_x - min_x, max_y - min_y)
    # Centre the shape in its box.
    left = box.x + PADDING + (inner - (max_x - min_x) * scale) / 2
    top = box.y + PADDING + (inner - (max_y - min_y) * scale) / 2
    return _feature_path(feature, Frame(min_x, max_y, scale, left, top), local)


def _overlaps(feature, bounds):
    min_x, min_y, max_x, max_y = _bounds(
        [project(lon, lat) for ring in _rings(feature) for lon, lat in ring]
    )
    return min_x < bounds[2] and max_x > bounds[0] and min_y < bounds[3] and max_y > bounds[1]


@cache
def geometry():
    """The projected, simplified map, built once per process."""
    features = _load()
    frame, height, bounds = _main_frame(features)
    size = (height - INSET_GAP * (len(OUTERMOST) - 1)) / len(OUTERMOST)
    insets = tuple(
        Inset(code, MAIN_WIDTH + INSET_GAP, i * (size + INSET_GAP), size)
        for i, code in enumerate(OUTERMOST)
    )
    boxes = {inset.code: inset for inset in insets}
    paths, names, context = {}, {}, []
    for feature in features:
        props = feature["properties"]
        code = props["NUTS_ID"]
        if props["CNTR_CODE"] not in EU27:
            if _overlaps(feature, bounds):
                context.append(_feature_path(feature, frame))
            continue
        names[code] = props["NAME_LATN"]
        if code in boxes:
            paths[code] = _inset(feature, boxes[code])
        else:
            paths[code] = _feature_path(feature, frame)
    return Geometry(
        width=MAIN_WIDTH + INSET_GAP + size,
        height=height,
        paths=dict(sorted(paths.items())),
        names=names,
        context=tuple(context),
        insets=insets,
    )


@cache
def nuts2_codes():
    return tuple(geometry().paths)


def nuts2_parts(code):
    """The NUTS 2 regions a region of any level is shown by.

    A country or NUTS 1 region by its NUTS 2 regions, a NUTS 2 region by
    itself, a NUTS 3 region by its NUTS 2 parent; none for codes outside the
    map (outside the EU-27 or unknown).
    """
    code = code.upper()
    if len(code) < 4:
        return [c for c in nuts2_codes() if c.startswith(code)]
    parent = code[:4]
    return [parent] if parent in geometry().paths else []


def count_by_nuts2(pairs):
    """{NUTS 2 code: number of distinct items} from (NUTS code of any level, item) pairs.

    An item reached through several codes of one NUTS 2 region (a region and
    its NUTS 1 parent in the same area) counts once.
    """
    items = {}
    for code, item in pairs:
        for nuts2 in nuts2_parts(code):
            items.setdefault(nuts2, set()).add(item)
    return {code: len(found) for code, found in items.items()}


def sum_by_nuts2(rows):
    """{NUTS 2 code: total} from (NUTS code of any level, count) rows of a grouped query.

    For counts where each item has one code (a project's lead region), so
    summing cannot count an item twice.
    """
    totals = {}
    for code, n in rows:
        for nuts2 in nuts2_parts(code):
            totals[nuts2] = totals.get(nuts2, 0) + n
    return totals


# Values and classes


@dataclass(frozen=True)
class LegendClass:
    key: str
    label: str
    colour: str


NO_DATA = LegendClass("none", _("None"), NO_DATA_COLOUR)


def count_classes(largest):
    """Up to five classes of counts 1..largest: one per value, or equal ranges."""
    if largest <= 0:
        return []
    n = min(largest, len(SEQUENTIAL))
    classes, low = [], 1
    for i in range(n):
        high = math.ceil(largest * (i + 1) / n)
        label = str(low) if low == high else f"{low}–{high}"
        classes.append((high, LegendClass(f"c{i + 1}", label, SEQUENTIAL[i])))
        low = high + 1
    return classes


def class_of(value, classes):
    if not value:
        return NO_DATA
    for high, legend_class in classes:
        if value <= high:
            return legend_class
    return NO_DATA


@dataclass(frozen=True)
class MapRegion:
    code: str
    name: str
    value: object
    text: str
    legend_class: LegendClass
    path: str
    url: str


@dataclass
class RegionMap:
    """What a map shows: one entry per NUTS 2 region, in code order, and the legend.

    `key` makes the SVG's ids unique on the page; `value_label` heads the
    value column of the table that repeats the map's data.
    """

    key: str
    title: str
    value_label: str
    legend: list
    regions: list = field(default_factory=list)

    def as_dict(self):
        return {
            "title": str(self.title),
            "value_label": str(self.value_label),
            "acknowledgement": str(ACKNOWLEDGEMENT),
            "legend": [{"key": c.key, "label": str(c.label)} for c in self.legend],
            "regions": [
                {"code": r.code, "name": r.name, "value": r.value, "class": r.legend_class.key}
                for r in self.regions
            ],
        }


def _region(code, value, text, legend_class):
    drawn = geometry()
    return MapRegion(
        code=code,
        name=drawn.names[code],
        value=value,
        text=text,
        legend_class=legend_class,
        path=drawn.paths[code],
        url=reverse("regions:region_detail", args=[code]),
    )


def count_map(key, counts, title, value_label, describe):
    """A map of counts per NUTS 2 code; `describe(count)` words a count for titles."""
    classes = count_classes(max(counts.values(), default=0))
    regions = []
    for code in nuts2_codes():
        value = counts.get(code, 0)
        regions.append(_region(code, value, describe(value), class_of(value, classes)))
    legend = [NO_DATA, *(legend_class for _high, legend_class in classes)]
    return RegionMap(key, title, value_label, legend, regions)


def category_map(key, categories, legend, title, value_label):
    """A map of one class per NUTS 2 code (`categories` maps codes to keys of `legend`)."""
    by_key = {c.key: c for c in legend}
    regions = []
    for code in nuts2_codes():
        legend_class = by_key.get(categories.get(code), NO_DATA)
        regions.append(_region(code, legend_class.key, str(legend_class.label), legend_class))
    return RegionMap(key, title, value_label, [NO_DATA, *legend], regions)


def participation_values():
    """{NUTS 2 code: number of areas it leads or belongs to}, in one query.

    Counts current memberships of public areas, the ones the region's own
    page lists, so a region's title on the map agrees with the page it links
    to. Memberships are reached through the reverse relation the areas app
    declares and the queryset methods it defines (as on the region page), so
    this app imports nothing from it.
    """
    memberships = Region.area_memberships.rel.related_model.objects.current().public()
    pairs = memberships.order_by().values_list("region__code", "area_id").distinct()
    return count_by_nuts2(pairs)


def participation_map():
    return count_map(
        "participation",
        participation_values(),
        _("Regions taking part in thematic areas"),
        _("Thematic areas"),
        lambda n: ngettext("%(count)s thematic area", "%(count)s thematic areas", n) % {"count": n},
    )
