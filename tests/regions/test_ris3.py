"""RIS3 priority profiles: the moderators' CSV import, and matchmaking on the imported codes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from portal import matchmaking
from regions.models import RegionPriority, Ris3Priority
from regions.ris3 import preview_import, save_import
from tests.accounts.factories import UserFactory
from tests.page_helpers import text_of
from tests.regions.factories import PriorityFactory, RegionFactory, region_with
from tests.thematic_areas.factories import area_with

pytestmark = pytest.mark.django_db

HEADER = "nuts_code,title,description,codes,source_url\n"
STRATEGY = "https://strategy.example.eu/ris3.pdf"
IMPORT = reverse("admin:regions_ris3priority_import")


@pytest.fixture
def codes():
    return {
        "25": PriorityFactory(scheme="nace", code="25", name="Fabricated metal products"),
        "28": PriorityFactory(scheme="nace", code="28", name="Machinery"),
        "06": PriorityFactory(scheme="nabs", code="06", name="Industrial production"),
    }


@pytest.fixture
def five_hundred_rows(codes):
    """500 rows for five regions; lines 12, 99, 250, 377 and 501 are bad, each its own way."""
    regions = [RegionFactory(code=f"XA{n}A") for n in range(1, 6)]
    bad = {
        12: "ZZ99,Unknown region,,nace:25,",
        99: f"{regions[0].code},,No title,nace:25,",
        250: f"{regions[1].code},Bad code,,nace:99.99,",
        377: f"{regions[2].code},No code at all,,,",
        501: f"{regions[3].code},Bad link,,nabs:06,www.example.eu",
    }
    lines = []
    good = '{},Priority {},"Metal, machines",nace:C25; nace:28 nabs:06,' + STRATEGY
    for line in range(2, 502):
        lines.append(bad.get(line) or good.format(regions[line % 5].code, line))
    return (HEADER + "\n".join(lines) + "\n").encode()


def test_a_preview_of_500_rows_with_5_bad_saves_nothing_and_names_the_5(five_hundred_rows):
    preview = preview_import(five_hundred_rows)

    assert len(preview.rows) == 495
    assert [line for line, _ in preview.problems] == [12, 99, 250, 377, 501]
    reasons = dict(preview.problems)
    assert reasons[12] == "unknown NUTS code 'ZZ99'"
    assert reasons[99] == "no title"
    assert reasons[250].startswith("unknown code(s) nace:99.99")
    assert reasons[377] == "no NACE or NABS code"
    assert reasons[501].startswith("the source_url is not a web address")
    assert not Ris3Priority.objects.exists()
    assert not RegionPriority.objects.exists()


def test_confirming_saves_the_495_and_feeds_matchmaking(five_hundred_rows, codes):
    saved = save_import(preview_import(five_hundred_rows))

    assert saved == Ris3Priority.objects.count() == 495
    entry = Ris3Priority.objects.get(title="Priority 2")
    assert set(entry.codes.all()) == set(codes.values())
    assert (entry.description, entry.source_url) == ("Metal, machines", STRATEGY)
    assert RegionPriority.objects.filter(from_profile=True).count() == 5 * 3
    # Importing the same file again updates the entries, and adds nothing.
    assert save_import(preview_import(five_hundred_rows)) == 495
    assert Ris3Priority.objects.count() == 495


@pytest.mark.parametrize(
    ("data", "refusal"),
    [
        (b"nuts_code,title\nXA1A,T\n", "Missing column(s): description, codes, source_url."),
        (HEADER.encode("utf-16"), "not UTF-8"),
        ((HEADER + "x" * 900 * 1024).encode(), "larger than 800 KB"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole(data, refusal):
    preview = preview_import(data)

    assert refusal in preview.refused
    assert not preview.can_save
    assert save_import(preview) == 0


def test_a_moderator_previews_then_confirms_an_import_in_the_admin(
    moderator_client, five_hundred_rows
):
    upload = SimpleUploadedFile("ris3.csv", five_hundred_rows, content_type="text/csv")

    preview = moderator_client.post(IMPORT, {"file": upload})

    body = " ".join(text_of(preview).split())
    assert "Preview: nothing is saved yet" in body
    assert '<a href="/admin/regions/ris3priority/">RIS3 priorities</a>' in body
    assert "495 rows are valid and would be saved." in body
    assert "5 rows would be skipped" in body
    assert "<td>12</td><td>unknown NUTS code 'ZZ99'</td>" in body
    assert not Ris3Priority.objects.exists()

    data = preview.context["data"]
    done = moderator_client.post(IMPORT, {"data": data, "confirm": "Save"}, follow=True)

    assert "495 priorities saved; 5 rows skipped." in text_of(done)
    assert Ris3Priority.objects.count() == 495


def test_only_moderators_import(client, five_hundred_rows):
    client.force_login(UserFactory())
    upload = SimpleUploadedFile("ris3.csv", five_hundred_rows, content_type="text/csv")

    response = client.post(IMPORT, {"file": upload})

    assert response.status_code == 302  # to the admin's login
    assert not Ris3Priority.objects.exists()


def import_for(region, title, *codes_):
    tokens = " ".join(f"{c.scheme}:{c.code}" for c in codes_)
    data = f"{HEADER}{region.code},{title},,{tokens},{STRATEGY}\n".encode()
    assert save_import(preview_import(data)) == 1


def test_a_real_region_with_a_profile_gets_explained_matches(codes):
    region = RegionFactory(code="XA9A", name="Profiled region")
    import_for(region, "Advanced manufacturing", codes["25"], codes["28"])
    twin = region_with([codes["25"]], name="Twin region")
    area = area_with([codes["28"]])

    similar = matchmaking.similar_regions(region)
    areas = matchmaking.suggested_areas(region)

    assert [s.subject for s in similar] == [twin]
    assert similar[0].explanation == "1 shared of 2 priorities between the two regions"
    assert [s.subject for s in areas] == [area]
    body = text_of(Client().get(reverse("projects:region_matches", args=[region.code])))
    assert "Twin region" in body


def test_a_region_without_a_profile_is_told_so(client):
    region = RegionFactory()

    body = text_of(client.get(reverse("projects:region_matches", args=[region.code])))

    assert "This region has no RIS3 priority profile on the platform yet" in body


def test_a_priority_a_moderator_hides_counts_for_nothing_and_other_codes_stay(
    codes, moderator_client
):
    region = RegionFactory()
    RegionPriority.objects.create(region=region, priority=codes["06"])  # a moderator's
    import_for(region, "Metals", codes["25"])
    entry = Ris3Priority.objects.get()

    response = moderator_client.post(
        reverse("admin:regions_ris3priority_change", args=[entry.pk]),
        {
            "region": region.pk,
            "title": entry.title,
            "description": "",
            "codes": [codes["25"].pk],
            "source_url": STRATEGY,
            "hidden": "on",
        },
    )

    assert response.status_code == 302
    assert set(region.region_priorities.values_list("priority__code", flat=True)) == {"06"}
    assert "Metals" not in text_of(Client().get(region.get_absolute_url()))
    assert entry.history.latest().hidden  # the audit trail records who hid it


def test_the_region_page_shows_its_ris3_priorities_with_their_codes_and_source(codes, client):
    region = RegionFactory()
    import_for(region, "Advanced manufacturing", codes["25"], codes["06"])

    body = text_of(client.get(region.get_absolute_url()))

    assert "Advanced manufacturing" in body
    assert "NACE 25" in body and "NABS 06" in body
    assert f'href="{STRATEGY}"' in body
