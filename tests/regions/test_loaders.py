from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from regions import loaders
from regions.choices import CohesionCategory, PriorityScheme
from regions.models import Priority, Region

pytestmark = pytest.mark.django_db

HEADER = "code,name_latin,name_en,level,country,parent_code,name_national\n"
BELGIUM = "BE,Belgique/België,Belgium,0,BE,,Belgique/België\n"


def write(tmp_path, text, name="regions.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def created_per_level(counts):
    return {level: level_counts.created for level, level_counts in counts.items()}


def test_it_loads_every_nuts_level_with_the_files_counts():
    report = loaders.load_reference_data()

    assert created_per_level(report.regions) == {0: 27, 1: 92, 2: 242, 3: 1166}
    assert Region.objects.filter(level=3).count() == 1166
    assert Region.objects.count() == 1527


def test_regions_get_their_parents_names_and_country():
    loaders.load_reference_data()

    catalonia = Region.objects.select_related("parent__parent").get(code="ES51")
    assert catalonia.name == "Cataluña"
    assert catalonia.country == "ES"
    assert catalonia.parent.code == "ES5"
    assert catalonia.parent.parent.code == "ES"
    assert catalonia.parent.parent.parent is None
    assert catalonia.parent.parent.name_en == "Spain"
    north_west = Region.objects.get(code="BG31")
    assert (north_west.name, north_west.name_national) == ("Severozapaden", "Северозападен")


def test_a_second_run_creates_and_updates_nothing():
    loaders.load_reference_data()

    report = loaders.load_reference_data()

    every_count = list(report.regions.values())
    for counts_by_level in report.priorities.values():
        every_count += counts_by_level.values()
    assert all(counts.created == counts.updated == 0 for counts in every_count)
    assert report.regions[3].unchanged == 1166
    assert report.pilot.changed == 0


def test_a_name_changed_in_the_database_is_restored_from_the_file():
    loaders.load_reference_data()
    Region.objects.filter(code="ES51").update(name="Old name")

    report = loaders.load_reference_data()

    assert report.regions[2].updated == 1
    assert Region.objects.get(code="ES51").name == "Cataluña"


def test_a_name_changed_in_the_file_is_updated_and_reported(tmp_path):
    loaders.load_reference_data()
    text = loaders.NUTS_FILE.read_text(encoding="utf-8").replace(
        "ES51,Cataluña,,2,ES,ES5,Cataluña", "ES51,Catalunya,,2,ES,ES5,Catalunya"
    )
    out = StringIO()

    call_command("load_regions", file=write(tmp_path, text), stdout=out)

    assert Region.objects.get(code="ES51").name == "Catalunya"
    assert "level 2: 0 created, 1 updated, 241 unchanged" in out.getvalue()


def test_children_listed_before_their_parents_still_load(tmp_path):
    path = write(tmp_path, HEADER + "BE1,Bruxelles,,1,BE,BE,Bruxelles\n" + BELGIUM)

    loaders.load_reference_data(nuts_file=path, categories_file=None, names_file=None)

    assert Region.objects.get(code="BE1").parent.code == "BE"


def test_it_marks_the_industrial_transition_pilot_regions():
    report = loaders.load_reference_data()

    wallonia = Region.objects.get(code="BE3")
    assert wallonia.industrial_transition_pilot
    assert wallonia.pilot_note.startswith("Selected 12 Dec 2017 (first call).")
    assert Region.objects.get(code="FI1D").industrial_transition_pilot
    assert not Region.objects.get(code="ES51").industrial_transition_pilot
    assert Region.objects.filter(industrial_transition_pilot=True).count() == 11
    assert [entry.code for entry in report.pilot.skipped] == ["UKD3"]


def test_the_command_reports_counts_and_the_skipped_pilot_region():
    out = StringIO()

    call_command("load_regions", stdout=out)

    output = out.getvalue()
    assert "level 3: 1166 created, 0 updated, 0 unchanged" in output
    assert "skipped UKD3 (Greater Manchester)" in output
    assert "level 4: 615 created" in output


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            "code,name_latin,level,country,name_national\nBE,Belgique,0,BE,Belgique\n",
            "line 1: missing column(s): parent_code",
        ),
        (HEADER + BELGIUM + "be1,Bruxelles,,1,BE,BE,x\n", "line 3: bad NUTS code 'be1'"),
        (HEADER + BELGIUM + "BE1,Bruxelles,,5,BE,BE,x\n", "line 3: unknown NUTS level '5'"),
        (
            HEADER + BELGIUM + "BE10,Bruxelles,,2,BE,BE1,x\n",
            "line 3: parent BE1 of BE10 is missing",
        ),
        (HEADER + BELGIUM + "BE1,Bruxelles,,1,FR,BE,x\n", "line 3: country 'FR' is not the prefix"),
        (
            HEADER + BELGIUM + "BE1,Bruxelles,,1,BE,BE,x\nBE1,Brussel,,1,BE,BE,x\n",
            "line 4: duplicate code BE1 (first on line 3)",
        ),
    ],
)
def test_a_malformed_file_is_rejected_naming_the_line_and_nothing_is_written(
    tmp_path, body, problem
):
    with pytest.raises(CommandError) as error:
        call_command("load_regions", file=write(tmp_path, body), stdout=StringIO())

    assert problem in str(error.value)
    assert "nothing was imported" in str(error.value)
    assert not Region.objects.exists()
    assert not Priority.objects.exists()


def test_a_rejected_file_leaves_loaded_regions_untouched(tmp_path):
    loaders.load_reference_data()
    body = HEADER + "BE,Renamed,Belgium,0,BE,,Renamed\nBE1,Bruxelles,,1,FR,BE,x\n"

    with pytest.raises(loaders.DataFileError):
        loaders.load_reference_data(nuts_file=write(tmp_path, body))

    assert Region.objects.get(code="BE").name == "Belgique/België"
    assert Region.objects.count() == 1527


CATEGORIES_HEADER = "nuts_code,category,source_url\n"
SOURCE = "https://sources.example.eu/categories"


def test_the_shipped_categories_are_loaded_each_with_its_source():
    report = loaders.load_reference_data()

    assert report.categories.updated == 64
    recorded = Region.objects.exclude(cohesion_category="")
    assert recorded.count() == 64
    assert not recorded.filter(cohesion_source_url="").exists()
    piemonte = Region.objects.get(code="ITC1")
    assert piemonte.cohesion_category == CohesionCategory.MORE_DEVELOPED
    assert piemonte.cohesion_source_url == "http://www.europafacile.net/Scheda/Documento/34937"
    # A region the file does not list stays unknown: nothing is guessed.
    assert Region.objects.get(code="PL81").cohesion_category == ""


def test_a_categories_file_sets_the_cohesion_category_of_listed_regions_only(tmp_path):
    loaders.load_reference_data(categories_file=None)
    Region.objects.filter(code="ITC1").update(
        cohesion_category=CohesionCategory.TRANSITION, cohesion_source_url=SOURCE
    )
    path = write(
        tmp_path,
        f"{CATEGORIES_HEADER}ES51,more_developed,{SOURCE}/es\nPT11,less_developed,{SOURCE}/pt\n",
        "c.csv",
    )

    report = loaders.load_reference_data(categories_file=path)

    assert report.categories.updated == 2
    es51 = Region.objects.get(code="ES51")
    assert (es51.cohesion_category, es51.cohesion_source_url) == ("more_developed", f"{SOURCE}/es")
    assert Region.objects.get(code="PT11").cohesion_category == CohesionCategory.LESS_DEVELOPED
    # A category a moderator set is neither guessed over nor cleared.
    assert Region.objects.get(code="ITC1").cohesion_category == CohesionCategory.TRANSITION
    assert loaders.load_reference_data(categories_file=path).categories.unchanged == 2


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (f"ES5,transition,{SOURCE}\n", "line 2: ES5 is a level 1 code"),
        (f"ES51,rich,{SOURCE}\n", "line 2: unknown category 'rich'"),
        (
            f"ES51,transition,{SOURCE}\nES51,transition,{SOURCE}\n",
            "line 3: duplicate code ES51",
        ),
        ("ES51,transition,\n", "line 2: ES51 has no source_url"),
        ("ES51,transition,see the decision\n", "line 2: ES51 has no source_url"),
    ],
)
def test_a_malformed_categories_file_is_rejected(tmp_path, body, problem):
    with pytest.raises(CommandError) as error:
        call_command(
            "load_regions",
            categories=write(tmp_path, CATEGORIES_HEADER + body, "c.csv"),
            stdout=StringIO(),
        )

    assert problem in str(error.value)
    assert not Region.objects.exists()


def test_a_categories_file_without_sources_is_rejected(tmp_path):
    with pytest.raises(CommandError, match="missing column"):
        call_command(
            "load_regions",
            categories=write(tmp_path, "nuts_code,category\nES51,transition\n", "c.csv"),
            stdout=StringIO(),
        )


def test_english_names_fill_the_names_the_nuts_file_lacks():
    loaders.load_reference_data()

    assert Region.objects.get(code="BE2").name_en == "Flemish Region"
    assert Region.objects.get(code="BG31").name_en == "North-West"
    # The NUTS file's own English name is kept.
    assert Region.objects.get(code="BE").name_en == "Belgium"


def test_a_names_file_with_an_unknown_code_is_rejected(tmp_path):
    path = write(tmp_path, f"code,name_en,source_url\nZZ9,Nowhere,{SOURCE}\n", "n.csv")

    with pytest.raises(loaders.DataFileError, match="line 2: unknown NUTS code 'ZZ9'"):
        loaders.load_reference_data(names_file=path)

    assert not Region.objects.exists()


def test_it_loads_the_nace_and_nabs_taxonomies():
    report = loaders.load_reference_data()

    assert created_per_level(report.priorities[PriorityScheme.NACE]) == {
        1: 21,
        2: 88,
        3: 272,
        4: 615,
    }
    assert Priority.objects.filter(scheme=PriorityScheme.NACE).count() == 996
    assert Priority.objects.filter(scheme=PriorityScheme.NABS, level=1).count() == 14
    nace_class = Priority.objects.select_related("parent__parent__parent").get(
        scheme=PriorityScheme.NACE, code="01.11"
    )
    assert nace_class.parent.code == "01.1"
    assert nace_class.parent.parent.parent.code == "A"
    assert Priority.objects.get(scheme=PriorityScheme.NABS, code="06").parent is None
