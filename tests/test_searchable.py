"""Each model's searchable fields, declared once: the list's `q`, the API's `?search=` and the
global search all read the same `SearchFields`, and the apps register the global search's kinds."""

from dataclasses import replace
from functools import partial

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import resolve, reverse
from rest_framework.test import APIClient

from cooperation.filters import PostingFilter
from core import searchable
from core.searchable import SearchFields
from events.filters import EventFilter
from partnerships.filters import CallFilter, PartnershipFilter
from portal.search import GROUP_ORDER, kinds, search
from projects.choices import ProjectStatus
from projects.filters import ProjectFilter
from regions.filters import ClusterFilter, RegionFilter
from tests.cooperation.factories import PostingFactory
from tests.events.factories import EventFactory
from tests.partnerships.factories import CallFactory, PartnershipFactory
from tests.projects.factories import ProjectFactory
from tests.regions.factories import ClusterFactory, RegionFactory
from tests.thematic_areas.factories import AreaFactory
from thematic_areas.filters import AreaFilter

WORD = "Zephyrine"
# A code is searched as itself; the digit keeps it out of RegionFactory's sequence.
CODE = "XA9Q"

# Per kind: the list's FilterSet, the API list's URL name, and a factory of visible rows.
SEARCHED = {
    "areas": (AreaFilter, "api:area-list", AreaFactory),
    "regions": (RegionFilter, "api:region-list", RegionFactory),
    "clusters": (ClusterFilter, "api:cluster-list", ClusterFactory),
    "partnerships": (PartnershipFilter, "api:partnership-list", PartnershipFactory),
    "calls": (CallFilter, "api:call-list", CallFactory),
    "projects": (
        ProjectFilter,
        "api:project-list",
        partial(ProjectFactory, status=ProjectStatus.PUBLISHED),
    ),
    "events": (EventFilter, "api:event-list", EventFactory),
    "postings": (PostingFilter, "api:cooperation-posting-list", PostingFactory),
}

# A joined field's value sits on a related row.
JOINED = {"coordinator__name": lambda value: {"coordinator": ClusterFactory(name=value)}}


def declared(part):
    return [
        pytest.param(kind, name, id=f"{kind.key}-{name}")
        for kind in kinds()
        for name in getattr(kind.search_fields, part)
    ]


def row_found_by(kind, name):
    """A row of `kind` whose field `name` alone holds the searched value, and that value."""
    value = CODE if name == "code" else WORD
    make = SEARCHED[kind.key][2]
    return make(**JOINED[name](value) if name in JOINED else {name: value}), value


def found_by_the_list(kind, row, value):
    filterset_class = SEARCHED[kind.key][0]
    filterset = filterset_class({"q": value}, queryset=type(row).objects.all())
    assert filterset.is_valid(), filterset.errors
    return row in filterset.qs


def found_by_the_api(kind, row, value):
    response = APIClient().get(reverse(SEARCHED[kind.key][1]), {"search": value})
    assert response.status_code == 200, response.content
    key = "code" if kind.key == "regions" else "slug"
    return getattr(row, key) in [item[key] for item in response.json()["results"]]


def found_by_the_global_search(kind, row, value):
    group = next(group for group in search(AnonymousUser(), value) if group.key == kind.key)
    return kind.to_hit(row).url in [hit.url for hit in group.hits]


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "name"), declared("document"))
def test_the_list_the_api_and_the_global_search_find_a_row_by_each_document_field(kind, name):
    row, value = row_found_by(kind, name)

    assert found_by_the_list(kind, row, value)
    assert found_by_the_api(kind, row, value)
    assert found_by_the_global_search(kind, row, value)


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "name"), declared("joined"))
def test_the_list_and_the_api_find_a_row_by_a_joined_field_and_the_global_search_does_not(
    kind, name
):
    row, value = row_found_by(kind, name)

    assert found_by_the_list(kind, row, value)
    assert found_by_the_api(kind, row, value)
    assert not found_by_the_global_search(kind, row, value)


@pytest.mark.parametrize("kind", kinds(), ids=lambda kind: kind.key)
def test_the_list_and_the_api_read_the_declaration_the_global_search_reads(kind):
    filterset_class, api_list, _make = SEARCHED[kind.key]
    viewset = resolve(reverse(api_list)).func.cls

    assert filterset_class.base_filters["q"].search_fields is kind.search_fields
    assert tuple(viewset.search_fields) == kind.search_fields.fields
    assert kind.fields == kind.search_fields.document


def test_the_search_page_shows_the_registered_kinds_in_its_order():
    assert [kind.key for kind in kinds()] == list(GROUP_ORDER)


def test_a_kind_the_search_page_does_not_name_comes_after_the_others(monkeypatch):
    areas = next(kind for kind in searchable.registered() if kind.key == "areas")
    monkeypatch.setitem(searchable._kinds, "unnamed", replace(areas, key="unnamed"))

    assert [kind.key for kind in kinds()] == [*GROUP_ORDER, "unnamed"]


def test_every_field_is_searched_by_the_list_and_the_api():
    fields = SearchFields(document=("name", "description"), joined=("coordinator__name",))

    assert fields.fields == ("name", "description", "coordinator__name")


@pytest.mark.parametrize(
    ("document", "joined"),
    [(("name", "area__name"), ()), (("name",), ("description",))],
    ids=["related-field-in-the-document", "column-of-the-table-joined"],
)
def test_a_document_holds_only_columns_of_the_table(document, joined):
    with pytest.raises(ValueError):
        SearchFields(document=document, joined=joined)
