"""Word-prefix matching of the global search: the same rows from the search entries
(PostgreSQL full text, `core.search_entries`) as from the tables (icontains elsewhere),
and the entries kept by the database with each write."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import SearchEntry
from portal.search import kinds, search
from projects.choices import ProjectStatus
from projects.models import InvestmentProject
from tests.projects.factories import ProjectFactory
from tests.regions.factories import RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(
    params=[
        pytest.param("tables", id="icontains"),
        pytest.param("entries", id="full-text", marks=pytest.mark.postgres),
    ]
)
def way(request, monkeypatch):
    """The search read from the tables (as on SQLite), or from the search entries."""
    if request.param == "tables":
        monkeypatch.setattr("core.search_entries.available", lambda: False)
    return request.param


def found(query, key):
    group = next(group for group in search(AnonymousUser(), query) if group.key == key)
    return sorted(hit.title for hit in group.hits)


@pytest.fixture
def projects(db):
    for title, summary in [
        ("Hydrogen valley", "Electrolysers for steel mills."),
        ("Battery pilot line", "Cells for e-mobility."),
        ("Textile recycling", "Sorting lines for used clothes."),
    ]:
        ProjectFactory(title=title, summary=summary, status=ProjectStatus.PUBLISHED)


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
def test_every_word_begins_a_word_of_a_field(projects, way, query, expected):
    assert found(query, "projects") == expected


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
def test_operators_and_quotes_are_read_as_words_never_as_syntax(projects, way, query, expected):
    assert found(query, "projects") == expected


def test_words_of_other_languages(db, way):
    RegionFactory(code="FR10", name="Île-de-France")
    RegionFactory(code="ES51", name="Cataluña")

    assert found("Île de", "regions") == ["Île-de-France (FR10)"]
    assert found("cataluña", "regions") == ["Cataluña (ES51)"]
    assert found("catalu", "regions") == ["Cataluña (ES51)"]
    assert found("es51", "regions") == ["Cataluña (ES51)"]


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("slaskie", ["Śląskie (PL22)"]),
        ("ŚLĄSKIE", ["Śląskie (PL22)"]),
        ("lodz", ["Łódzkie (PL71)"]),
        ("malaga", ["Málaga and Seville (ES61)"]),
        ("málaga", ["Málaga and Seville (ES61)"]),
        ("ile de france", ["Île-de-France (FR10)"]),
        ("cataluna", ["Cataluña (ES51)"]),
    ],
)
def test_full_text_folds_accents_in_the_documents_and_in_the_query(db, query, expected):
    RegionFactory(code="PL22", name="Śląskie")
    RegionFactory(code="PL71", name="Łódzkie")
    RegionFactory(code="ES61", name="Andalucía", name_en="Málaga and Seville")
    RegionFactory(code="FR10", name="Île-de-France")
    RegionFactory(code="ES51", name="Cataluña")

    assert found(query, "regions") == expected


@pytest.mark.postgres
def test_the_search_page_finds_a_region_typed_without_its_accents(client):
    RegionFactory(code="PL22", name="Śląskie")

    page = client.get("/search/", {"q": "slaskie"}).text

    assert "Śląskie" in page


# The entries: one table, kept by the database in the statement that writes a row.


def entry_of(row, key):
    return SearchEntry.objects.filter(kind=key, object_id=row.pk)


@pytest.mark.postgres
def test_a_row_written_in_any_way_is_found_as_it_now_is(projects):
    project = InvestmentProject.objects.get(title="Hydrogen valley")

    # An update that bypasses the models (no save, no signal) is seen all the same.
    InvestmentProject.objects.filter(pk=project.pk).update(title="Ammonia terminal")

    assert found("hydrogen", "projects") == []
    assert found("ammonia", "projects") == ["Ammonia terminal"]


@pytest.mark.postgres
def test_a_deleted_row_leaves_no_entry(projects):
    project = ProjectFactory(title="Short-lived", status=ProjectStatus.DRAFT)
    assert entry_of(project, "projects").exists()

    project.delete()

    assert not entry_of(project, "projects").exists()


@pytest.mark.postgres
def test_a_write_to_other_columns_leaves_the_entry_as_it_was(projects):
    project = InvestmentProject.objects.get(title="Hydrogen valley")
    entry = entry_of(project, "projects").get()

    InvestmentProject.objects.filter(pk=project.pk).update(status=ProjectStatus.DRAFT)

    assert entry_of(project, "projects").get().document == entry.document
    assert found("hydrogen", "projects") == []  # the draft is no longer visible


@pytest.mark.postgres
def test_one_statement_finds_every_kind(projects, django_assert_num_queries):
    # One statement finds and counts the matches of all kinds; one more reads the rows
    # shown of the one kind that has any.
    with django_assert_num_queries(2):
        groups = search(AnonymousUser(), "hydrogen")

    assert [group.count for group in groups if group.count] == [1]


@pytest.mark.postgres
def test_each_kind_of_search_is_served_by_its_own_index():
    with CaptureQueriesContext(connection) as captured:
        search(AnonymousUser(), "hydrogen")
    statement = captured.captured_queries[0]["sql"]
    with connection.cursor() as cursor:
        # A test's tables hold a few rows: the planner would read them whole.
        # Left with bitmap scans, it must find each kind's index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {statement}")
        plan = "\n".join(row[0] for row in cursor.fetchall())

    for kind in kinds():
        assert f"core_searchentry_{kind.key}" in plan, kind.key
