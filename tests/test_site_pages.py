"""The site frame and the site-wide pages: home, search, accessibility, errors, language."""

import datetime

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.views.defaults import permission_denied, server_error

from core.context_processors import ec_logo
from core.text import folded
from tests.accounts.factories import ModeratorFactory
from tests.page_helpers import client_for, text_of
from tests.partnerships.factories import CallFactory, PartnershipFactory
from tests.projects.factories import ProjectFactory
from tests.regions.factories import ClusterFactory, RegionFactory, representative_of
from tests.thematic_areas.factories import AreaFactory, MembershipFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("search")


@pytest.fixture(autouse=True)
def _english_urls():
    """A request under /fr/ or /de/ leaves its language active in the thread, and
    reverse() would then give prefixed URLs to the next test: start in English."""
    with translation.override("en"):
        yield


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# Home


def test_home_page_shows_key_figures_newest_areas_and_open_calls(client):
    area = AreaFactory(name="Hydrogen valleys", lead=RegionFactory())
    PartnershipFactory(area=area)
    CallFactory(title="Call for cluster partnerships")

    body = text_of(client.get(reverse("home")))

    assert "Key figures" in body
    assert "Hydrogen valleys" in body
    assert "Call for cluster partnerships" in body
    assert 'id="map-participation"' in body
    assert "Regions taking part in active thematic areas, by country" in body


def test_home_page_runs_the_same_queries_with_one_or_twenty_rows(client):
    def add_rows(n):
        for _ in range(n):
            area = AreaFactory(lead=RegionFactory())
            PartnershipFactory(area=area)
            CallFactory()
            ProjectFactory(area=area, status="published")
            ClusterFactory()

    add_rows(1)
    one = _queries(client, reverse("home"))
    add_rows(19)
    twenty = _queries(client, reverse("home"))

    assert one == twenty
    assert twenty <= 10


def test_home_figures_count_each_participating_region_once(client):
    region = RegionFactory()
    AreaFactory(lead=region)
    AreaFactory(lead=region)
    AreaFactory(lead=RegionFactory(code="XB1A", country="XB"))

    response = client.get(reverse("home"))

    assert response.context["figures"]["regions"] == 2


@pytest.mark.django_db(transaction=True)
def test_home_data_is_cached_for_signed_in_users_until_a_write(client, member, settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    client.force_login(member)
    AreaFactory(name="Hydrogen valleys")
    assert "Hydrogen valleys" in client.get(reverse("home")).text

    # Only the session, the user and the unread count: the figures, lists and
    # map come from the cache.
    assert _queries(client, reverse("home")) <= 3

    AreaFactory(name="Marine renewables")

    assert "Marine renewables" in client.get(reverse("home")).text


# Search


def test_search_finds_areas_regions_clusters_partnerships_calls_and_projects(client):
    area = AreaFactory(name="Batteries for mobility")
    RegionFactory(name="Battery valley region")
    ClusterFactory(name="Battery cluster")
    PartnershipFactory(area=area, name="Battery recycling partnership")
    CallFactory(title="Battery call")
    ProjectFactory(area=area, title="Battery pilot line", status="published")

    body = text_of(client.get(SEARCH, {"q": "batter"}))

    for name in (
        "Batteries for mobility",
        "Battery valley region",
        "Battery cluster",
        "Battery recycling partnership",
        "Battery call",
        "Battery pilot line",
    ):
        assert name in body
    assert "6 results for “batter”" in body


def test_search_shows_only_what_the_visitor_may_see(client):
    AreaFactory(name="Hidden proposal", status="proposed")
    ClusterFactory(name="Hidden cluster", status="pending")
    ProjectFactory(title="Hidden draft project")

    body = text_of(client.get(SEARCH, {"q": "hidden"}))

    assert "Hidden proposal" not in body
    assert "Hidden cluster" not in body
    assert "Hidden draft project" not in body
    assert "0 results" in body


def test_a_moderator_finds_proposals_and_a_representative_their_own_cluster():
    AreaFactory(name="Hidden proposal", status="proposed")
    cluster = ClusterFactory(name="Hidden cluster", status="pending")

    assert "Hidden proposal" in text_of(client_for(ModeratorFactory()).get(SEARCH, {"q": "hidden"}))
    assert "Hidden cluster" in text_of(
        client_for(representative_of(cluster)).get(SEARCH, {"q": "hidden"})
    )


def test_a_region_is_found_by_its_nuts_code(client):
    RegionFactory(code="ES51", name="Cataluña")

    assert "Cataluña" in text_of(client.get(SEARCH, {"q": "es51"}))


@pytest.mark.parametrize(("query", "message"), [("a", "at least 2"), ("x" * 101, "at most 100")])
def test_a_too_short_or_too_long_query_is_refused_with_a_reason(client, query, message):
    response = client.get(SEARCH, {"q": query})

    assert response.status_code == 400
    assert message in text_of(response)
    assert 'aria-invalid="true"' in response.text


def test_an_empty_search_shows_the_form_only(client):
    response = client.get(SEARCH)

    assert response.status_code == 200
    assert "results for" not in text_of(response)


@pytest.fixture
def twelve_robotics_areas(db):
    for n in range(12):
        AreaFactory(name=f"Robotics area {n}")


def test_search_shows_a_bounded_number_of_rows_per_group_and_the_full_count(
    client, twelve_robotics_areas
):
    body = text_of(client.get(SEARCH, {"q": "robotics"}))

    assert body.count("Robotics area") == 10
    assert "The first 10 of 12 matches are shown" in body


def test_search_stops_counting_at_the_cap_and_says_more_than(
    client, monkeypatch, twelve_robotics_areas
):
    monkeypatch.setattr("portal.search.COUNT_CAP", 11)

    body = text_of(client.get(SEARCH, {"q": "robotics"}))

    assert "More than 11 results for “robotics”" in body
    assert "Thematic areas (11+)" in body
    assert "The first 10 of more than 11 matches are shown" in body


def test_search_at_the_cap_exactly_gives_the_exact_count(
    client, monkeypatch, twelve_robotics_areas
):
    monkeypatch.setattr("portal.search.COUNT_CAP", 12)

    body = text_of(client.get(SEARCH, {"q": "robotics"}))

    assert "12 results for “robotics”" in body
    assert "More than" not in body


def test_search_needs_every_word_each_at_the_start_of_a_word(client):
    area = AreaFactory(name="Batteries for mobility")
    ProjectFactory(area=area, title="Battery pilot line", status="published")
    ClusterFactory(name="Battery cluster")

    body = text_of(client.get(SEARCH, {"q": "battery pilot"}))

    assert "Battery pilot line" in body
    assert "Battery cluster" not in body
    assert "1 result for “battery pilot”" in body


def test_search_shows_title_matches_before_matches_in_the_text(client):
    AreaFactory(name="Advanced materials", summary="Materials for hydrogen storage.")
    AreaFactory(name="Hydrogen valleys", summary="Regional hydrogen economies.")

    body = text_of(client.get(SEARCH, {"q": "hydrogen"}))

    assert body.index("Hydrogen valleys") < body.index("Advanced materials")


def test_a_search_without_words_finds_nothing_and_says_so(client):
    AreaFactory(name="Robotics")

    response = client.get(SEARCH, {"q": "!!"})

    assert response.status_code == 200
    assert "0 results for “!!”" in text_of(response)


def test_a_group_with_more_matches_than_shown_links_its_list_searched_alike(
    client, twelve_robotics_areas
):
    AreaFactory(name="Robotics proposal", status="proposed")
    response = client.get(SEARCH, {"q": "robotics"})
    link = f"{reverse('thematic_areas:area_list')}?q=robotics"

    assert f'href="{link}"' in response.text
    assert "See all: Thematic areas matching “robotics”" in text_of(response)
    listed = text_of(client.get(link))
    assert all(f"Robotics area {n}" in listed for n in range(12))
    assert "Robotics proposal" not in listed


def test_a_group_shown_whole_has_no_link_to_its_list(client):
    AreaFactory(name="Robotics")

    assert "See all:" not in text_of(client.get(SEARCH, {"q": "robotics"}))


def test_search_runs_the_same_queries_with_one_or_twenty_matches(client):
    def add_rows(start, n):
        for i in range(start, start + n):
            area = AreaFactory(name=f"Match area {i}")
            RegionFactory(name=f"Match region {i}")
            ClusterFactory(name=f"Match cluster {i}")
            PartnershipFactory(area=area, name=f"Match partnership {i}")
            CallFactory(title=f"Match call {i}")
            ProjectFactory(area=area, title=f"Match project {i}", status="published")

    add_rows(0, 1)
    one = _queries(client, f"{SEARCH}?q=match")
    add_rows(1, 19)
    twenty = _queries(client, f"{SEARCH}?q=match")

    assert one == twenty


# Frame: header, language, navigation


def test_the_header_links_the_sections_that_exist_and_marks_the_current_one(client):
    body = client.get(reverse("thematic_areas:area_list")).text

    assert f'href="{reverse("thematic_areas:area_list")}" aria-current="page"' in body
    assert f'href="{reverse("partnerships:call_list")}"' in body
    assert 'class="ecl-skip-link" href="#main-content"' in body
    assert 'id="main-content"' in body


def test_the_language_switcher_links_the_same_page_in_each_language(client):
    body = client.get("/areas/?phase=learn").text

    assert 'href="/fr/areas/?phase=learn" hreflang="fr"' in body
    assert 'href="/de/areas/?phase=learn" hreflang="de"' in body
    assert 'href="/areas/?phase=learn" hreflang="en" lang="en" aria-current="true"' in body


def test_the_language_switcher_leads_back_to_english_without_prefix(client):
    body = client.get("/fr/areas/").text

    assert 'href="/areas/" hreflang="en"' in body
    assert 'href="/fr/areas/" hreflang="fr" lang="fr" aria-current="true"' in body


def test_a_visitors_page_carries_no_csrf_token(client):
    """Nothing on a public page posts for a visitor, so the page can be cached."""
    body = client.get(reverse("thematic_areas:area_list")).text

    assert "csrfmiddlewaretoken" not in body
    assert "csrftoken" not in client.cookies


def test_the_logo_is_in_the_language_of_the_page(client):
    assert "logo-ec--fr.svg" in client.get("/fr/").text
    assert "logo-ec--de.svg" in client.get("/de/").text
    assert "logo-ec--en.svg" in client.get("/").text


def test_a_language_without_its_own_logo_gets_the_english_one():
    assert ec_logo("xx").endswith("logo-ec--en.svg")


def test_a_logged_in_user_gets_a_log_out_form_not_a_log_in_link(member):
    body = client_for(member).get(reverse("home")).text

    assert f'action="{reverse("account_logout")}"' in body
    assert f'href="{reverse("account_login")}' not in body


def test_the_footer_links_the_accessibility_statement_and_legal_notice(client):
    body = client.get(reverse("home")).text

    assert f'href="{reverse("accessibility")}"' in body
    assert f'href="{reverse("legal_notice")}"' in body


def test_no_page_of_the_frame_has_inline_scripts_or_styles(client):
    body = client.get(reverse("home")).text

    assert "<script>" not in body and "<style" not in body and " style=" not in body
    assert "ecl-ec.js" in body and "portal.js" in body


# Site-wide pages


def test_the_accessibility_statement_has_what_eu_public_sector_sites_publish(client):
    body = text_of(client.get(reverse("accessibility")))

    for section in (
        "Compliance status",
        "Known limitations",
        "Feedback",
        "Enforcement procedure",
        "European Ombudsman",
        "This statement was prepared on",
    ):
        assert section in body


def test_the_legal_notice_page_exists(client):
    assert "Copyright notice" in text_of(client.get(reverse("legal_notice")))


def test_an_unknown_page_is_a_404_in_the_site_style(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in text_of(response)
    assert "ecl-site-header" in response.text


def test_the_403_page_is_in_the_site_style(member):
    request = RequestFactory().get("/")
    request.user = member

    response = permission_denied(request, PermissionDenied("Only the lead region may do this."))

    body = response.content.decode()
    assert response.status_code == 403
    assert "Access denied" in body and "Only the lead region may do this." in body
    assert "ecl-site-header" in body


def test_the_500_page_renders_without_a_request_context():
    response = server_error(RequestFactory().get("/"))

    body = response.content.decode()
    assert response.status_code == 500
    assert "Server error" in body and "ecl-site-header" in body


# Includes


def test_pagination_keeps_the_query_string_and_marks_the_current_page():
    page = Paginator(list(range(100)), 10).page(3)
    request = RequestFactory().get("/areas/", {"phase": "learn", "page": "3"})

    html = render_to_string("includes/pagination.html", {"page_obj": page, "request": request})

    assert 'href="?page=2&amp;phase=learn"' in html
    assert 'href="?page=4&amp;phase=learn"' in html
    assert 'aria-current="page">3<' in html


def test_forms_render_as_ecl_form_groups_with_described_errors(client):
    response = client.post(reverse("account_login"), {"login": "", "password": ""})

    body = response.text
    assert 'class="ecl-form-label"' in body
    assert "ecl-text-input--invalid" in body
    assert 'aria-describedby="id_login_error"' in body
    assert 'class="ecl-form-label__required"' in body


def test_membership_row_counts_do_not_change_the_participation_table(client):
    region = RegionFactory(country="FR")
    MembershipFactory(region=region, area=AreaFactory())
    MembershipFactory(region=region, area=AreaFactory())

    body = text_of(client.get(reverse("home")))

    assert "FR" in body


# Languages


@pytest.mark.parametrize(
    ("prefix", "texts"),
    [
        (
            "/fr",
            ["Accueil", "Chiffres clés", "Aller au contenu principal", "Commission européenne"],
        ),
        ("/de", ["Startseite", "Zahlen und Fakten", "Zum Hauptinhalt springen"]),
    ],
)
def test_the_home_page_is_in_the_language_of_its_prefix(client, prefix, texts):
    body = text_of(client.get(f"{prefix}/"))

    for text in texts:
        assert text in body


def test_dates_are_formatted_for_the_language(client):
    CallFactory(opens_on=datetime.date(2020, 1, 1), closes_on=datetime.date(2099, 1, 24))

    assert "Closes on Jan. 24, 2099" in text_of(client.get("/"))
    assert "Clôture le 24 janvier 2099" in text_of(client.get("/fr/"))
    assert "Endet am 24. Januar 2099" in text_of(client.get("/de/"))


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_catalogues_have_no_untranslated_or_fuzzy_entry(language):
    catalogue = (settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po").read_text()
    entries = catalogue.split("\n\n")[1:]

    untranslated = [e for e in entries if e.rstrip().endswith('msgstr ""') or 'msgstr[1] ""' in e]
    assert not untranslated, untranslated[:3]
    assert "#, fuzzy" not in catalogue


def test_a_refused_form_token_gets_a_page_in_the_site_style():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("account_login"), {"login": "a@example.eu", "password": "x"})

    body = text_of(response)
    assert response.status_code == 403
    assert "The form has expired" in body and "ecl-site-header" in body


def test_every_page_names_its_icon_and_the_feeds_and_links_the_calendar(client):
    body = text_of(client.get(reverse("projects:calls_calendar")))

    assert '<link rel="icon" href="/static/favicon.svg' in body
    for feed in ("area_feed", "call_feed", "project_feed", "event_feed"):
        url = reverse(f"projects:{feed}")
        assert f'<link rel="alternate" type="application/atom+xml" href="{url}"' in body
        assert f'<a href="{url}" rel="alternate" type="application/atom+xml"' in body
    assert f'href="{reverse("projects:calls_ical")}"' in body


def test_favicon_ico_leads_to_the_sites_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response.url.startswith("/static/favicon")


def test_the_ec_stylesheet_asks_no_other_origin_for_its_font():
    for name in ("ecl-ec.css", "ecl-ec-print.css"):
        path = finders.find(f"vendor/ecl/dist/styles/{name}")
        with open(path, encoding="utf-8") as css:
            text = css.read()
        assert "webtools.europa.eu" not in text
        assert "url(../fonts/InterVariable.woff2)" in text


@pytest.mark.parametrize(
    ("language", "written"),
    [("en", "€12,000,000"), ("fr", "12\u00a0000\u00a0000\u00a0€"), ("de", "12.000.000\u00a0€")],
)
def test_money_is_written_as_each_language_writes_it(client, language, written):
    ProjectFactory(title="Big project", total_investment="12000000.00", status="published")
    prefix = "" if language == "en" else f"/{language}"

    body = client.get(f"{prefix}/projects/").content.decode()

    assert written in body


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("slaskie", "Śląskie"), ("lodzkie", "Łódzkie"), ("koln", "Köln"), ("strasse", "Straße")],
)
def test_folded_text_matches_names_typed_without_accents(typed, stored):
    assert folded(typed) == folded(stored)
