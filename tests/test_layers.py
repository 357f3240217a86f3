"""The house reads bottom to top: no import runs against the ladder of pyproject.toml."""

import tomllib
from pathlib import Path

import grimp
import pytest

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
# Top first, as import-linter reads them: s3p_portal, portal, (events | cooperation), …, core.
CONTRACT = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"][0]["layers"]
# "a | b" are siblings of one layer that import neither each other, as import-linter reads it.
LAYERS = [grimp.Layer(*layer.split(" | ")) for layer in CONTRACT]
PACKAGES = [package for layer in CONTRACT for package in layer.split(" | ")]


def build():
    return grimp.build_graph(*PACKAGES, cache_dir=None)


@pytest.fixture(scope="module")
def graph():
    return build()


def against_the_ladder(graph):
    found = graph.find_illegal_dependencies_for_layers(layers=LAYERS)
    return sorted(
        f"{' | '.join(sorted(route.heads))} -> {' -> '.join(route.middle)} -> "
        f"{' | '.join(sorted(route.tails))} ({dependency.importer} above {dependency.imported})"
        for dependency in found
        for route in dependency.routes
    )


def test_no_import_runs_against_the_ladder(graph):
    assert against_the_ladder(graph) == []


def test_an_import_against_the_ladder_is_found():
    wrong = build()
    wrong.add_import(importer="core.cache", imported="regions.models")

    assert against_the_ladder(wrong)


def test_notifications_imports_no_domain_app(graph):
    domain = ("regions", "thematic_areas", "partnerships", "projects", "portal")
    assert not [
        (module, imported)
        for module in graph.find_descendants("notifications") | {"notifications"}
        for imported in graph.find_modules_directly_imported_by(module)
        if imported.split(".")[0] in domain
    ]
