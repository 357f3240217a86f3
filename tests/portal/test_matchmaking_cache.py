"""Matchmaking results are cached, and every change to what they are computed from shows at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.cache import VERSION_KEY, content_version
from partnerships.services import leave_partnership
from portal import matchmaking
from regions import loaders
from regions.choices import ClusterStatus, CohesionCategory
from regions.services import update_cluster_profile
from tests.accounts.factories import ModeratorFactory
from tests.partnerships.factories import PartnershipFactory, PartnershipMembershipFactory
from tests.regions.factories import (
    ClusterFactory,
    PriorityFactory,
    RegionFactory,
    RegionPriorityFactory,
    nuts_region,
    representative_of,
)
from tests.thematic_areas.factories import AreaFactory, AreaJoinRequestFactory, MembershipFactory
from thematic_areas.choices import AreaStatus
from thematic_areas.services import approve_area_join_request, leave_area

# Changes commit for real: the one cache (core.cache) moves on when a write commits.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("cache_on")]


class World:
    """An area declaring C1, C2 and C3.

    Its member region M brings C1 and the cluster K2, in its partnership,
    brings C2: C3 is missing. Region R (ES70) and the published cluster K3
    would bring it; region X and cluster K4 declare nothing yet.
    """

    def __init__(self):
        self.p = {n: PriorityFactory(code=f"C{n}", name=f"Priority {n}") for n in range(1, 5)}
        self.lead = RegionFactory(name="Region L")
        self.area = AreaFactory(lead=self.lead)
        self.area.priorities.add(self.p[1], self.p[2], self.p[3])
        self.m = RegionFactory(name="Region M")
        RegionPriorityFactory(region=self.m, priority=self.p[1])
        MembershipFactory(area=self.area, region=self.m)
        self.partnership = PartnershipFactory(area=self.area)
        self.k2 = ClusterFactory(name="Cluster K2")
        self.k2.priorities.add(self.p[2])
        PartnershipMembershipFactory(partnership=self.partnership, cluster=self.k2)
        self.r = nuts_region("ES70")
        RegionPriorityFactory(region=self.r, priority=self.p[3])
        self.k3 = ClusterFactory(name="Cluster K3")
        self.k3.priorities.add(self.p[3])
        self.x = RegionFactory(name="Region X")
        self.k4 = ClusterFactory(name="Cluster K4")


@pytest.fixture
def world():
    return World()


def summary(coverage):
    return {
        "missing": [p["code"] for p in coverage["missing"]],
        # Scores are strings in the service, numbers in the API.
        "regions": [(s["code"], float(s["score"])) for s in coverage["regions"]],
        "clusters": [(s["name"], float(s["score"])) for s in coverage["clusters"]],
    }


def api(area):
    response = Client().get(f"/api/v1/thematic-areas/{area.slug}/missing-priorities/")
    assert response.status_code == 200
    return response.json()


# What computing an area's coverage costs (matchmaking.missing_priorities).
COVERAGE_QUERIES = 8
BEFORE = {"missing": ["C3"], "regions": [("ES70", 1)], "clusters": [("Cluster K3", 1)]}
NOTHING_MISSING = {"missing": [], "regions": [], "clusters": []}


def join_r(w):
    join_request = AreaJoinRequestFactory(area=w.area, region=w.r)
    approve_area_join_request(request_id=join_request.pk, user=representative_of(w.lead))


def move_partnership(w):
    w.partnership.area = AreaFactory()
    w.partnership.save()


def unpublish_k3(w):
    w.k3.status = ClusterStatus.REJECTED
    w.k3.save()


def k2_leaves(w):
    leave_partnership(user=ModeratorFactory(), partnership=w.partnership, cluster=w.k2)


def boost_r(w):
    w.r.cohesion_category = CohesionCategory.LESS_DEVELOPED
    w.r.cohesion_source_url = "https://sources.example.eu/categories"
    w.r.save()


# Change -> the area's matchmaking after it. Regions are named by NUTS code,
# or by their letter in the World ("M", "X").
CHANGES = {
    "area priority added": (
        lambda w: w.area.priorities.add(w.p[4]),
        {**BEFORE, "missing": ["C3", "C4"]},
    ),
    "area priority removed": (lambda w: w.area.priorities.remove(w.p[3]), NOTHING_MISSING),
    "region joins": (join_r, NOTHING_MISSING),
    "member region leaves": (
        lambda w: leave_area(user=representative_of(w.m), area=w.area, region=w.m),
        {**BEFORE, "missing": ["C1", "C3"], "regions": [("ES70", 1), ("M", 1)]},
    ),
    "region priority saved": (
        lambda w: RegionPriorityFactory(region=w.x, priority=w.p[3]),
        {**BEFORE, "regions": [("ES70", 1), ("X", 1)]},
    ),
    "region priority added to its list": (
        lambda w: w.x.priorities.add(w.p[3]),
        {**BEFORE, "regions": [("ES70", 1), ("X", 1)]},
    ),
    "region priority deleted": (
        lambda w: w.r.region_priorities.get().delete(),
        {**BEFORE, "regions": []},
    ),
    "cohesion category changed": (boost_r, {**BEFORE, "regions": [("ES70", 1.5)]}),
    "cluster priorities edited": (
        lambda w: update_cluster_profile(
            user=ModeratorFactory(), cluster=w.k4, priorities=[w.p[3]]
        ),
        {**BEFORE, "clusters": [("Cluster K3", 1), ("Cluster K4", 1)]},
    ),
    "cluster unpublished": (unpublish_k3, {**BEFORE, "clusters": []}),
    "cluster joins the partnership": (
        lambda w: PartnershipMembershipFactory(partnership=w.partnership, cluster=w.k3),
        NOTHING_MISSING,
    ),
    "cluster leaves the partnership": (
        k2_leaves,
        {**BEFORE, "missing": ["C2", "C3"], "clusters": [("Cluster K2", 1), ("Cluster K3", 1)]},
    ),
    "partnership moved to another area": (
        move_partnership,
        {**BEFORE, "missing": ["C2", "C3"], "clusters": [("Cluster K2", 1), ("Cluster K3", 1)]},
    ),
}


def by_code(w, expected):
    letters = {"M": w.m.code, "X": w.x.code}
    regions = [(letters.get(code, code), score) for code, score in expected["regions"]]
    return {**expected, "regions": regions}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_to_an_input_shows_at_once(world, change, django_assert_num_queries):
    apply, expected = CHANGES[change]
    assert summary(api(world.area)) == BEFORE
    with django_assert_num_queries(0):
        assert summary(matchmaking.area_coverage(world.area)) == BEFORE  # from the cache

    apply(world)

    assert summary(api(world.area)) == by_code(world, expected)


def rename_priority(w):
    w.p[3].name = "Renamed priority"
    w.p[3].save()


def rename_region(w):
    w.r.name = "Renamed region"
    w.r.save()


def rename_cluster(w):
    w.k3.name = "Renamed cluster"
    w.k3.save()


@pytest.mark.parametrize(
    ("rename", "where"),
    [
        (rename_priority, lambda data: data["missing"][0]["name"]),
        (rename_region, lambda data: data["regions"][0]["name"]),
        (rename_cluster, lambda data: data["clusters"][0]["name"]),
    ],
)
def test_a_renamed_priority_region_or_cluster_shows_at_once(world, rename, where):
    assert not where(api(world.area)).startswith("Renamed")

    rename(world)

    assert where(api(world.area)).startswith("Renamed")


def test_loading_cohesion_categories_shows_at_once(world, tmp_path):
    """The loader writes in bulk, with no post_save: it says so with its own signal."""
    assert summary(api(world.area)) == BEFORE
    categories = tmp_path / "categories.csv"
    categories.write_text(
        "nuts_code,category,source_url\nES70,less_developed,https://sources.example.eu/es70\n"
    )

    loaders.load_reference_data(categories_file=categories)

    assert summary(api(world.area))["regions"] == [("ES70", 1.5)]


def test_an_entry_computed_while_a_change_commits_is_not_served_after(world, monkeypatch):
    """A request that read the old rows stores them under the version the commit
    leaves behind: the next request computes afresh."""
    compute = matchmaking.missing_priorities

    def racing_a_commit(area):
        coverage = compute(area)
        boost_r(world)  # commits while this request is still computing
        return coverage

    monkeypatch.setattr(matchmaking, "missing_priorities", racing_a_commit)
    assert summary(matchmaking.area_coverage(world.area)) == BEFORE
    monkeypatch.setattr(matchmaking, "missing_priorities", compute)

    with CaptureQueriesContext(connection) as queries:
        coverage = matchmaking.area_coverage(world.area)
    assert len(queries) == COVERAGE_QUERIES
    assert summary(coverage)["regions"] == [("ES70", 1.5)]


def test_a_lost_version_never_brings_older_entries_back(world):
    before = content_version()
    matchmaking.area_coverage(world.area)

    cache.delete(VERSION_KEY)  # evicted, say

    assert content_version() > before
    with CaptureQueriesContext(connection) as queries:
        matchmaking.area_coverage(world.area)
    assert len(queries) == COVERAGE_QUERIES


def test_each_language_has_its_own_entry(world):
    page = reverse("projects:area_matches", args=[world.area.slug])
    assert "1 missing priority × 1" in Client().get(page).text

    french = Client().get(f"/fr{page}").text

    assert "1 priorité manquante × 1" in french


# A region's suggestions


@pytest.fixture
def region_world():
    shared = PriorityFactory(code="C1")
    region = RegionFactory(name="Region A")
    RegionPriorityFactory(region=region, priority=shared)
    area = AreaFactory(name="Area to join")
    area.priorities.add(shared)
    return region, area, shared


def region_page(region):
    return Client().get(reverse("projects:region_matches", args=[region.code])).text


def close(area):
    area.status = AreaStatus.CLOSED
    area.save()


def similar_region(shared):
    RegionPriorityFactory(region=RegionFactory(name="Region twin"), priority=shared)


def join(region, area):
    MembershipFactory(area=area, region=region)


@pytest.mark.parametrize(
    ("change", "gone", "shown"),
    [
        (lambda region, area, shared: close(area), "Area to join", None),
        (lambda region, area, shared: join(region, area), "Area to join", None),
        (lambda region, area, shared: area.priorities.clear(), "Area to join", None),
        (lambda region, area, shared: similar_region(shared), None, "Region twin"),
    ],
)
def test_a_regions_suggestions_are_cached_and_follow_changes(
    region_world, change, gone, shown, django_assert_num_queries
):
    region, area, shared = region_world
    body = region_page(region)
    assert "Area to join" in body and "Region twin" not in body
    with django_assert_num_queries(0):
        matchmaking.region_suggestions(region)

    change(region, area, shared)

    body = region_page(region)
    if gone:
        assert gone not in body
    if shown:
        assert shown in body
