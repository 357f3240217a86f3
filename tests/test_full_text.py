"""Word-prefix matching (core.full_text): the same rows by full text or by icontains."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from core.full_text import condition, matching
from portal.search import kinds
from projects.models import InvestmentProject
from regions.models import Region
from tests.projects.factories import ProjectFactory
from tests.regions.factories import RegionFactory

pytestmark = pytest.mark.django_db

BOTH_WAYS = [
    pytest.param(False, id="icontains"),
    pytest.param(True, id="full-text", marks=pytest.mark.postgres),
]


@pytest.fixture
def projects(db):
    ProjectFactory(title="Hydrogen valley", summary="Electrolysers for steel mills.")
    ProjectFactory(title="Battery pilot line", summary="Cells for e-mobility.")
    ProjectFactory(title="Textile recycling", summary="Sorting lines for used clothes.")


def titles(query, full_text):
    rows = matching(InvestmentProject.objects.all(), query, "title", "summary", full_text=full_text)
    return sorted(rows.values_list("title", flat=True))


@pytest.mark.parametrize("full_text", BOTH_WAYS)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hydrogen", ["Hydrogen valley"]),
        ("HYDRO", ["Hydrogen valley"]),
        ("batter lines", []),
        ("lines", ["Textile recycling"]),
        ("line", ["Battery pilot line", "Textile recycling"]),
        ("mobility cells", ["Battery pilot line"]),
        ("for", ["Battery pilot line", "Hydrogen valley", "Textile recycling"]),
        ("e-mobility", ["Battery pilot line"]),
    ],
)
def test_every_word_begins_a_word_of_a_field(projects, full_text, query, expected):
    assert titles(query, full_text) == expected


@pytest.mark.parametrize("full_text", BOTH_WAYS)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("!!", []),
        ("'", []),
        ("\\", []),
        ("hydrogen:*", ["Hydrogen valley"]),
        ("(hydrogen) & !valley", ["Hydrogen valley"]),
        ("steel <-> mills", ["Hydrogen valley"]),
        ("hydrogen' | 'battery", []),
    ],
)
def test_operators_and_quotes_are_read_as_words_never_as_syntax(
    projects, full_text, query, expected
):
    assert titles(query, full_text) == expected


@pytest.mark.parametrize("full_text", BOTH_WAYS)
def test_words_of_other_languages(db, full_text):
    RegionFactory(code="FR10", name="Île-de-France")
    RegionFactory(code="ES51", name="Cataluña")

    def found(query):
        rows = matching(Region.objects.all(), query, "name", "code", full_text=full_text)
        return sorted(rows.values_list("code", flat=True))

    assert found("Île de") == ["FR10"]
    assert found("cataluña") == ["ES51"]
    assert found("catalu") == ["ES51"]
    assert found("es51") == ["ES51"]


@pytest.mark.postgres
@pytest.mark.parametrize("kind", kinds(), ids=lambda kind: kind.key)
def test_each_kind_of_search_is_served_by_its_full_text_index(kind):
    model = kind.rows(AnonymousUser()).model
    rows = model._default_manager.filter(condition("hydrogen", *kind.fields, full_text=True))
    with connection.cursor() as cursor:
        # A test's tables hold a few rows: the planner would read them whole,
        # or walk another index in order. Left with bitmap scans, it must
        # find an index on the search expression.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = rows.explain()

    assert f"{kind.key}_search_document" in plan


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("slaskie", ["PL22"]),
        ("ŚLĄSKIE", ["PL22"]),
        ("lodz", ["PL71"]),
        ("malaga", ["ES61"]),
        ("málaga", ["ES61"]),
        ("ile de france", ["FR10"]),
        ("cataluna", ["ES51"]),
    ],
)
def test_full_text_folds_accents_in_the_documents_and_in_the_query(db, query, expected):
    RegionFactory(code="PL22", name="Śląskie")
    RegionFactory(code="PL71", name="Łódzkie")
    RegionFactory(code="ES61", name="Andalucía", name_en="Málaga and Seville")
    RegionFactory(code="FR10", name="Île-de-France")
    RegionFactory(code="ES51", name="Cataluña")

    rows = matching(Region.objects.all(), query, "name", "name_en", "code", full_text=True)

    assert sorted(rows.values_list("code", flat=True)) == expected


@pytest.mark.postgres
def test_the_search_page_finds_a_region_typed_without_its_accents(client):
    RegionFactory(code="PL22", name="Śląskie")

    page = client.get("/search/", {"q": "slaskie"}).text

    assert "Śląskie" in page
