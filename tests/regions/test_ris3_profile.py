"""A region's RIS3 profile as its representatives keep it: codes picked by name, live at once."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from regions.models import RegionPriority, Ris3Priority
from tests.accounts.factories import UserFactory
from tests.page_helpers import assert_field_error, text_of
from tests.regions.factories import (
    PriorityFactory,
    RegionFactory,
    Ris3PriorityFactory,
    representative_of,
)

pytestmark = pytest.mark.django_db

STRATEGY = "https://strategy.example.eu/ris3.pdf"


@pytest.fixture
def codes():
    return {
        "C": PriorityFactory(scheme="nace", code="C", name="MANUFACTURING", level=1),
        "25": PriorityFactory(scheme="nace", code="25", name="Manufacture of fabricated metal"),
        "28": PriorityFactory(scheme="nace", code="28", name="Manufacture of machinery"),
        "25.1": PriorityFactory(scheme="nace", code="25.1", name="Structural metal", level=3),
        "06": PriorityFactory(scheme="nabs", code="06", name="Industrial production"),
    }


@pytest.fixture
def region():
    return RegionFactory(code="XB1A", name="Profiled region")


@pytest.fixture
def representative(region):
    client = Client()
    client.force_login(representative_of(region))
    return client


def new_url(region):
    return reverse("regions:ris3_create", args=[region.code])


def offered(response):
    """The codes the picker offers to tick (unchecked boxes), as their labels."""
    return re.findall(
        r'<input type="checkbox" name="codes" value="\d+" id="id_codes_found\d+"> '
        r"<label[^>]*>([^<]*)</label>",
        text_of(response),
    )


def chosen(response):
    return re.findall(
        r'<input type="checkbox" name="codes" value="\d+" id="id_codes_\d+" checked> '
        r"<label[^>]*>([^<]*)</label>",
        text_of(response),
    )


def test_a_representative_finds_codes_by_name_and_searching_saves_nothing(
    representative, region, codes
):
    response = representative.post(
        new_url(region), {"title": "Metals", "codes__q": "metal", "codes__search": "1"}
    )

    assert response.status_code == 200
    # Divisions only: groups such as 25.1 are finer than matchmaking compares.
    assert offered(response) == ["NACE 25 — Manufacture of fabricated metal"]
    assert 'value="Metals"' in text_of(response)  # what was typed stays
    assert "field-error" not in text_of(response)  # and no error before saving
    assert not Ris3Priority.objects.exists()


@pytest.mark.parametrize("query", ["C25", "nace:25", "25", "fabricated manufacture"])
def test_codes_are_found_as_people_write_them(representative, region, codes, query):
    response = representative.post(new_url(region), {"codes__q": query, "codes__search": "1"})

    assert "NACE 25 — Manufacture of fabricated metal" in offered(response)


def test_ticked_codes_stay_chosen_through_the_next_search(representative, region, codes):
    response = representative.post(
        new_url(region),
        {"codes": [codes["25"].pk], "codes__q": "industrial", "codes__search": "1"},
    )

    assert chosen(response) == ["NACE 25 — Manufacture of fabricated metal"]
    assert offered(response) == ["NABS 06 — Industrial production"]


def test_the_search_answers_htmx_with_the_same_page(representative, region, codes):
    response = representative.post(
        new_url(region),
        {"codes__q": "machinery", "codes__search": "1"},
        headers={"HX-Request": "true"},
    )

    assert offered(response) == ["NACE 28 — Manufacture of machinery"]
    body = text_of(response)
    assert 'id="id_codes_results"' in body and 'id="id_codes_chosen"' in body


def test_a_saved_priority_is_published_at_once_and_feeds_matchmaking(representative, region, codes):
    response = representative.post(
        new_url(region),
        {
            "title": "Advanced manufacturing",
            "description": "Machines and metal parts.",
            "codes": [codes["25"].pk, codes["06"].pk],
            "source_url": "strategy.example.eu/ris3.pdf",
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("regions:ris3_profile", args=[region.code])
    entry = Ris3Priority.objects.get(region=region)
    assert entry.source_url == STRATEGY
    assert set(region.region_priorities.values_list("priority__code", flat=True)) == {"25", "06"}
    page = text_of(Client().get(region.get_absolute_url()))
    assert "Advanced manufacturing" in page and "NABS 06" in page
    assert entry.history.latest().history_user.affiliations.get().region == region


def test_editing_changes_the_codes_matchmaking_compares(representative, region, codes):
    entry = Ris3PriorityFactory(region=region, title="Metals")
    entry.codes.set([codes["25"]])
    RegionPriority.objects.create(region=region, priority=codes["25"], from_profile=True)

    response = representative.post(
        reverse("regions:ris3_edit", args=[region.code, entry.pk]),
        {"title": "Metals and machines", "codes": [codes["28"].pk]},
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.title == "Metals and machines"
    assert list(region.region_priorities.values_list("priority__code", flat=True)) == ["28"]
    assert entry.history.count() >= 2  # the change is kept in the history


def test_an_entry_a_moderator_hid_stays_hidden_when_the_region_edits_it(
    representative, region, codes
):
    entry = Ris3PriorityFactory(region=region, title="Metals", hidden=True)

    profile = text_of(representative.get(reverse("regions:ris3_profile", args=[region.code])))
    representative.post(
        reverse("regions:ris3_edit", args=[region.code, entry.pk]),
        {"title": "Metals", "codes": [codes["25"].pk]},
    )

    assert "Hidden by moderators" in profile
    entry.refresh_from_db()
    assert entry.hidden
    assert not region.region_priorities.exists()


def test_deleting_removes_its_codes_from_matchmaking(representative, region, codes):
    entry = Ris3PriorityFactory(region=region)
    entry.codes.set([codes["25"]])
    RegionPriority.objects.create(region=region, priority=codes["25"], from_profile=True)
    url = reverse("regions:ris3_delete", args=[region.code, entry.pk])

    confirm = representative.get(url)
    response = representative.post(url)

    assert "Delete the priority" in text_of(confirm)
    assert response.status_code == 302
    assert not Ris3Priority.objects.exists()
    assert not region.region_priorities.exists()


def test_a_title_the_region_already_has_is_refused(representative, region, codes):
    Ris3PriorityFactory(region=region, title="Advanced Manufacturing")

    response = representative.post(
        new_url(region), {"title": "advanced manufacturing", "codes": [codes["25"].pk]}
    )

    assert_field_error(response, "title", "The region already has a priority of this title.")
    assert Ris3Priority.objects.count() == 1


@pytest.mark.parametrize(
    ("codes_value", "message"),
    [
        ([], "This field is required."),
        (["99999999999999999999999"], "is not a valid value"),
        (["abc"], "is not a valid value"),
    ],
)
def test_codes_are_required_and_checked(representative, region, codes, codes_value, message):
    response = representative.post(new_url(region), {"title": "T", "codes": codes_value})

    assert response.status_code == 200
    assert message in text_of(response)
    assert not Ris3Priority.objects.exists()


def test_only_the_regions_representatives_and_moderators_keep_its_profile(
    region, codes, moderator_client
):
    other = Client()
    other.force_login(representative_of(RegionFactory()))
    member = Client()
    member.force_login(UserFactory())
    profile = reverse("regions:ris3_profile", args=[region.code])
    data = {"title": "Sneaked in", "codes": [codes["25"].pk]}

    assert Client().get(profile).status_code == 302  # to the login page
    assert member.get(profile).status_code == 403
    assert other.post(new_url(region), data).status_code == 403
    assert moderator_client.get(profile).status_code == 200
    assert not Ris3Priority.objects.exists()


def test_an_entry_is_reached_only_through_its_own_region(representative, region, codes):
    foreign = Ris3PriorityFactory(region=RegionFactory())

    edit = representative.post(
        reverse("regions:ris3_edit", args=[region.code, foreign.pk]),
        {"title": "Taken over", "codes": [codes["25"].pk]},
    )
    delete = representative.post(reverse("regions:ris3_delete", args=[region.code, foreign.pk]))

    assert (edit.status_code, delete.status_code) == (404, 404)
    foreign.refresh_from_db()
    assert foreign.title != "Taken over"


def test_a_region_without_a_profile_links_its_representatives_to_the_form(client, region):
    body = text_of(client.get(reverse("projects:region_matches", args=[region.code])))

    assert "no RIS3 priority profile" in body
    assert f'href="{reverse("regions:ris3_profile", args=[region.code])}"' in body


def test_the_region_page_and_the_dashboard_link_representatives_to_the_profile(
    representative, region
):
    profile = reverse("regions:ris3_profile", args=[region.code])

    assert f'href="{profile}"' in text_of(representative.get(region.get_absolute_url()))
    assert f'href="{profile}"' in text_of(representative.get(reverse("dashboard")))
    assert f'href="{profile}"' not in text_of(Client().get(region.get_absolute_url()))


def test_the_api_gives_a_regions_visible_ris3_priorities(client, region, codes):
    shown = Ris3PriorityFactory(region=region, title="Shown", source_url="")
    shown.codes.set([codes["25"], codes["06"]])
    Ris3PriorityFactory(region=region, title="Hidden", hidden=True)

    data = client.get(reverse("api:region-detail", args=[region.code])).json()

    assert [p["title"] for p in data["ris3_priorities"]] == ["Shown"]
    assert sorted(data["ris3_priorities"][0]["codes"]) == ["nabs:06", "nace:25"]
    assert data["ris3_priorities"][0]["source_url"] is None


@pytest.mark.parametrize("query", ["metal\x00", "x" * 500, "%_'\""])
def test_any_search_text_is_answered(representative, region, codes, query):
    response = representative.post(new_url(region), {"codes__q": query, "codes__search": "1"})

    assert response.status_code == 200
    assert not Ris3Priority.objects.exists()
