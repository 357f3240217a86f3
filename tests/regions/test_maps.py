import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from regions import maps
from tests.accounts.factories import UserFactory
from tests.page_helpers import drawn_templates
from tests.regions.factories import nuts_region as nuts
from tests.thematic_areas.factories import AreaFactory, MembershipFactory
from thematic_areas.choices import AreaStatus, MembershipRole
from thematic_areas.maps import membership_map

ACKNOWLEDGEMENT = "© EuroGeographics for the administrative boundaries; source: Eurostat GISCO"


def file_nuts2_codes():
    with maps.GEOJSON.open(encoding="utf-8") as f:
        features = json.load(f)["features"]
    return sorted(
        f["properties"]["NUTS_ID"] for f in features if f["properties"]["CNTR_CODE"] in maps.EU27
    )


def points(path):
    """The absolute points of a path of rings `M x,y l dx,dy … z`."""
    found = []
    for ring in re.findall(r"M([^l]*)l([^z]*)z", path):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", " ".join(ring))]
        x, y = numbers[0], numbers[1]
        found.append((x, y))
        for dx, dy in zip(numbers[2::2], numbers[3::2], strict=True):
            x, y = x + dx, y + dy
            found.append((x, y))
    return found


# Geometry: read from the shipped file, no database needed.


def test_every_eu_nuts2_region_of_the_file_gets_a_path():
    drawn = maps.geometry()

    assert len(file_nuts2_codes()) == 242
    assert list(drawn.paths) == file_nuts2_codes()
    assert all(path.startswith("M") and path.endswith("z") for path in drawn.paths.values())
    assert drawn.names["ES70"] == "Canarias"


def test_every_path_lies_inside_the_drawing():
    drawn = maps.geometry()

    for code, path in drawn.paths.items():
        for x, y in points(path):
            assert 0 <= x <= drawn.width and 0 <= y <= drawn.height, code


def test_outermost_regions_sit_in_their_insets_and_the_mainland_in_the_main_frame():
    drawn = maps.geometry()
    boxes = {inset.code: inset for inset in drawn.insets}

    assert set(boxes) == set(maps.OUTERMOST)
    for code, box in boxes.items():
        for x, y in points(drawn.paths[code]):
            assert box.x <= x <= box.x + box.size and box.y <= y <= box.y + box.size, code
    for code in ("PT11", "FI1D", "CY00", "MT00", "EL43"):
        assert all(x <= maps.MAIN_WIDTH for x, _y in points(drawn.paths[code])), code


def test_the_projection_keeps_north_up_and_west_left():
    assert maps.project(maps.CENTRE_LON, maps.CENTRE_LAT) == (0.0, 0.0)
    lisbon, helsinki = maps.project(-9.1, 38.7), maps.project(24.9, 60.2)
    assert lisbon[0] < 0 < helsinki[0]
    assert lisbon[1] < 0 < helsinki[1]


def test_the_geometry_is_built_once_per_process():
    assert maps.geometry() is maps.geometry()


# From any NUTS level to NUTS 2


@pytest.mark.parametrize(
    ("code", "parts"),
    [
        ("BE2", ["BE21", "BE22", "BE23", "BE24", "BE25"]),
        ("SI", ["SI03", "SI04"]),
        ("ES70", ["ES70"]),
        ("SE224", ["SE22"]),
        ("se224", ["SE22"]),
        ("UKD3", []),
        ("XA1", []),
    ],
)
def test_a_region_of_any_level_is_shown_by_its_nuts2_parts(code, parts):
    assert maps.nuts2_parts(code) == parts


def test_an_item_reached_through_two_codes_of_one_region_counts_once():
    pairs = [("BE2", "area-1"), ("BE21", "area-1"), ("BE211", "area-2"), ("UKD3", "area-3")]

    assert maps.count_by_nuts2(pairs) == {
        "BE21": 2,
        "BE22": 1,
        "BE23": 1,
        "BE24": 1,
        "BE25": 1,
    }


def test_sums_of_grouped_rows_add_up_per_nuts2_region():
    assert maps.sum_by_nuts2([("SE22", 2), ("SE224", 3), ("SE", 1)])["SE22"] == 6


# Classes and legend


def test_small_counts_get_one_class_each():
    classes = maps.count_classes(3)

    assert [c.label for _high, c in classes] == ["1", "2", "3"]
    assert maps.class_of(2, classes).key == "c2"


def test_large_counts_fall_into_five_ranges():
    classes = maps.count_classes(20)

    assert [c.label for _high, c in classes] == ["1–4", "5–8", "9–12", "13–16", "17–20"]
    assert maps.class_of(13, classes).key == "c4"
    assert maps.class_of(20, classes).key == "c5"


def test_no_value_is_shown_in_grey():
    assert maps.class_of(0, maps.count_classes(5)) is maps.NO_DATA
    assert maps.count_classes(0) == []


def test_the_legend_lists_no_data_first_and_each_class_in_its_own_colour():
    region_map = maps.count_map("t", {"ES70": 12}, "T", "Things", str)

    assert [c.key for c in region_map.legend] == ["none", "c1", "c2", "c3", "c4", "c5"]
    assert len({c.colour for c in region_map.legend}) == 6


# The data endpoint, from the database


@pytest.mark.django_db
def test_the_participation_data_lists_every_nuts2_code_once():
    data = Client().get(reverse("regions:participation_map_json")).json()

    codes = [row["code"] for row in data["regions"]]
    assert codes == file_nuts2_codes()
    assert len(set(codes)) == 242
    assert data["acknowledgement"] == ACKNOWLEDGEMENT
    assert {"code": "ES70", "name": "Canarias", "value": 0, "class": "none"} in data["regions"]


@pytest.mark.django_db
def test_participation_counts_current_memberships_of_public_areas_at_nuts2():
    flanders, canarias, skane = nuts("BE2"), nuts("ES70"), nuts("SE224")
    one = AreaFactory(lead=flanders)
    MembershipFactory(area=one, region=canarias)
    MembershipFactory(area=one, region=nuts("BE21"))
    two = AreaFactory(lead=canarias, status=AreaStatus.CLOSED)
    MembershipFactory(area=two, region=skane, role=MembershipRole.MEMBER)
    left = AreaFactory(lead=nuts("SE22"))
    MembershipFactory(area=left, region=canarias, joined_at=timezone.now() - timedelta(days=9))
    left.memberships.filter(region=canarias).update(left_at=timezone.now())
    AreaFactory(lead=skane, status=AreaStatus.PROPOSED)
    MembershipFactory(area=AreaFactory(status=AreaStatus.PROPOSED), region=skane)

    data = Client().get(reverse("regions:participation_map_json")).json()

    values = {row["code"]: row["value"] for row in data["regions"]}
    assert values["BE21"] == 1  # through BE2 and itself in one area: once
    assert values["BE25"] == 1
    assert values["ES70"] == 2  # not the area it left
    assert values["SE22"] == 2  # Skåne's closed area and the NUTS 2 lead's area
    assert values["FRY1"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("memberships", [1, 20])
def test_the_participation_data_costs_one_query(memberships):
    area = AreaFactory()
    for _ in range(memberships):
        MembershipFactory(area=area)

    with CaptureQueriesContext(connection) as queries:
        Client().get(reverse("regions:participation_map_json"))

    assert len(queries) == 1


# The drawn map


@pytest.mark.django_db
def test_the_map_links_every_region_with_a_title_and_repeats_its_data_in_a_table():
    area = AreaFactory(lead=nuts("ES70"))
    MembershipFactory(area=area, region=nuts("PT20"))
    template = Template("{% load region_maps %}{% region_map region_map %}")

    html = template.render(Context({"region_map": maps.participation_map()}))

    assert html.count('class="region-map__region"') == 242
    assert (
        '<a href="/regions/ES70/" class="region-map__region"><title>Canarias (ES70): '
        "1 thematic area</title>" in html
    )
    assert "<title>Guadeloupe (FRY1): 0 thematic areas</title>" in html
    assert 'role="group" aria-labelledby="map-participation-title"' in html
    assert '<a class="region-map__skip" href="#map-participation-data">' in html
    assert html.count('<tr class="ecl-table__row">') == 243
    assert '<td class="ecl-table__cell">1 thematic area</td>' in html
    assert ACKNOWLEDGEMENT in html
    # The map draws the shipped boundaries, simplified, well under the file's 400 KB.
    assert len(html.encode()) < 400_000
    assert " style=" not in html and "<script" not in html


@pytest.mark.django_db(transaction=True)
def test_a_drawn_map_is_kept_until_the_next_write_and_drawn_afresh_after_it(cache_on, client):
    area = AreaFactory(lead=nuts("ES70"))
    client.force_login(UserFactory())
    url = area.get_absolute_url()
    first = client.get(url).text
    assert "<title>Norte (PT11): Member of the area</title>" not in first

    MembershipFactory(area=area, region=nuts("PT11"))

    assert "<title>Norte (PT11): Member of the area</title>" in client.get(url).text


@pytest.mark.django_db
def test_two_maps_that_show_different_data_are_kept_apart(cache_on):
    first, second = AreaFactory(lead=nuts("ES70")), AreaFactory(lead=nuts("PT11"))
    template = Template("{% load region_maps %}{% region_map region_map %}")

    def drawn(area):
        lead = area.memberships.select_related("region")
        return template.render(Context({"region_map": membership_map(area, lead)}))

    assert drawn(first) == drawn(first)
    assert "<title>Canarias (ES70): Leads the area</title>" in drawn(first)
    assert "<title>Canarias (ES70): Leads the area</title>" not in drawn(second)
    assert "<title>Norte (PT11): Leads the area</title>" in drawn(second)


@pytest.mark.django_db
def test_a_map_is_drawn_once_for_every_reader_until_the_next_write(cache_on, client):
    area = AreaFactory(lead=nuts("ES70"))
    client.force_login(UserFactory())
    url = area.get_absolute_url()
    map_template = "regions/_region_map.html"

    assert drawn_templates(client, url).count(map_template) == 1
    assert map_template not in drawn_templates(Client(), url)
    assert map_template not in drawn_templates(client, url)
