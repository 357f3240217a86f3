from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from portal import matchmaking
from regions.choices import ClusterStatus, CohesionCategory
from regions.models import Region, RegionPriority
from tests.accounts.factories import UserFactory
from tests.page_helpers import text_of
from tests.partnerships.factories import PartnershipFactory, PartnershipMembershipFactory
from tests.projects.factories import ProjectFactory, ProjectPartnerFactory
from tests.regions.factories import ClusterFactory, PriorityFactory, RegionFactory, region_with
from tests.thematic_areas.factories import AreaFactory, MembershipFactory, area_with
from thematic_areas.choices import AreaStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def p():
    return {n: PriorityFactory(code=f"C{n}", name=f"Priority {n}") for n in range(1, 6)}


def codes(suggestion):
    return [priority.code for priority in suggestion.shared]


# Areas for a region


def test_areas_rank_by_own_then_members_priorities(p):
    region = region_with([p[1], p[2], p[3]])
    first = area_with([p[1], p[2]], name="Two own")
    second = area_with([p[3]], name="One own, one member")
    MembershipFactory(area=second, region=region_with([p[1]]))
    area_with([p[4]], name="Nothing shared")
    joined = area_with([p[1], p[2], p[3]], name="Already in")
    MembershipFactory(area=joined, region=region)

    suggestions = matchmaking.suggested_areas(region)

    assert [s.subject for s in suggestions] == [first, second]
    assert (suggestions[0].score, codes(suggestions[0])) == (Decimal("2"), ["C1", "C2"])
    assert (suggestions[1].score, codes(suggestions[1])) == (Decimal("1.5"), ["C1", "C3"])
    assert suggestions[1].explanation == (
        "1 of the area's priorities × 1 + 1 of its members' priorities × 0.5"
    )


def test_a_region_without_priorities_gets_no_areas(p):
    area_with([p[1]])

    assert matchmaking.suggested_areas(RegionFactory()) == []


# Missing priorities of an area


@pytest.fixture
def gapped_area(p):
    """Declares C1, C2, C3; the lead brings C1 and a partnership cluster C2: C3 is missing."""
    lead = region_with([p[1]])
    area = area_with([p[1], p[2], p[3]], lead=lead)
    cluster = ClusterFactory()
    cluster.priorities.add(p[2])
    PartnershipMembershipFactory(partnership=PartnershipFactory(area=area), cluster=cluster)
    return area


def test_an_area_knows_which_priorities_its_members_cover(gapped_area):
    coverage = matchmaking.missing_priorities(gapped_area)

    assert [x.code for x in coverage.covered] == ["C1", "C2"]
    assert [x.code for x in coverage.missing] == ["C3"]


def test_a_region_with_exactly_the_missing_priority_ranks_first(gapped_area, p):
    brings = region_with([p[3]], name="Brings it")
    region_with([p[1], p[2]], name="Brings covered ones only")

    regions = matchmaking.missing_priorities(gapped_area).regions

    assert [s.subject for s in regions] == [brings]
    assert codes(regions[0]) == ["C3"]


def test_the_cohesion_boost_puts_less_developed_regions_first(gapped_area, p):
    developed = region_with(
        [p[3]], name="Aaa developed", cohesion_category=CohesionCategory.MORE_DEVELOPED
    )
    less = region_with(
        [p[3]], name="Zzz less developed", cohesion_category=CohesionCategory.LESS_DEVELOPED
    )

    regions = matchmaking.missing_priorities(gapped_area).regions

    # Without the boost both score 1 and the name would put "Aaa" first.
    assert [s.subject for s in regions] == [less, developed]
    assert (regions[0].score, regions[0].boosted) == (Decimal("1.5"), True)
    assert regions[0].explanation == "1 missing priority × 1 × 1.5 (Less developed region)"
    assert (regions[1].score, regions[1].boosted) == (Decimal("1"), False)


def test_a_region_of_the_transition_pilot_is_boosted_and_an_unknown_category_is_said(
    gapped_area, p
):
    in_pilot = region_with([p[3]], code="XP1A", country="XP", name="In a pilot country")
    Region.objects.filter(code="XP").update(industrial_transition_pilot=True)
    unknown = region_with([p[3]], name="Unknown category")

    coverage = matchmaking.missing_priorities(gapped_area)

    assert [s.subject for s in coverage.regions] == [in_pilot, unknown]
    first, second = coverage.regions
    assert (first.score, first.boosted) == (Decimal("1.5"), True)
    assert first.explanation == (
        "1 missing priority × 1 × 1.5 (industrial-transition pilot region)"
        "; cohesion category not recorded"
    )
    assert (second.score, second.boosted) == (Decimal("1"), False)
    assert second.explanation == "1 missing priority × 1; cohesion category not recorded"
    assert coverage.as_dict()["category_unknown"] == 2


def test_the_area_page_says_how_many_suggestions_have_no_recorded_category(gapped_area, p):
    region_with([p[3]], name="Unknown category")
    region_with([p[3]], name="Known", cohesion_category=CohesionCategory.MORE_DEVELOPED)

    body = " ".join(text_of(Client().get(gapped_area.get_absolute_url())).split())

    assert "1 suggestion is in a region whose cohesion category is not recorded" in body
    assert "industrial-transition pilot" in body


def test_clusters_bringing_missing_priorities_are_published_and_outside_the_area(gapped_area, p):
    outside = ClusterFactory(name="Outside")
    outside.priorities.add(p[3])
    hidden = ClusterFactory(name="Unpublished", status=ClusterStatus.PENDING)
    hidden.priorities.add(p[3])

    clusters = matchmaking.missing_priorities(gapped_area).clusters

    assert [s.subject for s in clusters] == [outside]


# Partners for a project


def test_partner_clusters_from_new_countries_come_first(p):
    area = area_with([p[1], p[2]])
    project = ProjectFactory(area=area, lead_region=RegionFactory(country="XA"))
    same_country = ClusterFactory(name="Same country", region=RegionFactory(country="XA"))
    same_country.priorities.add(p[1], p[2])
    new_country = ClusterFactory(
        name="New country", region=RegionFactory(code="XC1A", country="XC")
    )
    new_country.priorities.add(p[1])
    partner = ClusterFactory(name="Already partner")
    partner.priorities.add(p[1], p[2])
    ProjectPartnerFactory(project=project, cluster=partner, region=partner.region)
    unrelated = ClusterFactory(name="Unrelated")
    unrelated.priorities.add(p[5])

    suggestions = matchmaking.suggested_partners(project)

    assert [s.subject for s in suggestions] == [new_country, same_country]
    assert suggestions[0].new_country and not suggestions[1].new_country
    assert suggestions[1].score == 2
    assert suggestions[0].explanation == "1 shared priority × 1; brings a new country (XC)"


# Regions like a region


def test_similar_regions_rank_by_jaccard_index(p):
    region = region_with([p[1], p[2], p[3]])
    close = region_with([p[1], p[2], p[3], p[4]])
    middle = region_with([p[1], p[2]])
    far = region_with([p[1], p[5]])
    region_with([p[4]])

    suggestions = matchmaking.similar_regions(region)

    assert [(s.subject, s.score) for s in suggestions] == [
        (close, Decimal("0.750")),
        (middle, Decimal("0.667")),
        (far, Decimal("0.250")),
    ]
    assert suggestions[2].explanation == "1 shared of 4 priorities between the two regions"


# Pages


def test_the_region_page_explains_each_suggestion(p):
    region = region_with([p[1]], code="XA99")
    area_with([p[1]], name="Shared one")

    body = Client().get(reverse("projects:region_matches", args=["xa99"])).content.decode()

    assert "Shared one" in body
    assert "C1" in body
    assert "1 of the area&#x27;s priorities × 1" in body
    assert region.code in body


def test_the_area_page_states_the_boost(gapped_area):
    body = Client().get(reverse("projects:area_matches", args=[gapped_area.slug])).content.decode()

    assert "multiplied by 1.5" in body
    assert "C3" in body


def test_a_proposed_area_is_404_to_a_visitor(p):
    area = AreaFactory(status="proposed")

    assert Client().get(reverse("projects:area_matches", args=[area.slug])).status_code == 404


def test_a_draft_projects_partner_page_is_404_to_a_visitor():
    project = ProjectFactory()

    assert (
        Client().get(reverse("projects:suggested_partners", args=[project.slug])).status_code == 404
    )


def count_queries(url):
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(url).status_code == 200
    return len(queries)


def test_matchmaking_pages_cost_the_same_for_1_or_20_candidates(p):
    region = region_with([p[1], p[2]])
    area = area_with([p[1], p[2], p[3]])
    project = ProjectFactory(area=area, status="published")

    def add_candidates(n):
        for _ in range(n):
            MembershipFactory(area=area_with([p[1]]), region=region_with([p[1], p[2]]))
            region_with([p[3]], cohesion_category=CohesionCategory.TRANSITION)
            ClusterFactory().priorities.add(p[1], p[3])

    urls = [
        reverse("projects:region_matches", args=[region.code]),
        reverse("projects:area_matches", args=[area.slug]),
        reverse("projects:suggested_partners", args=[project.slug]),
    ]
    add_candidates(1)
    few = [count_queries(url) for url in urls]
    add_candidates(19)
    many = [count_queries(url) for url in urls]

    assert few == many


# The area page


def missing_section(response):
    body = text_of(response)
    start = body.index('<section aria-labelledby="missing-priorities">')
    return body[start : body.index('<section aria-labelledby="members">')]


def test_the_area_page_shows_missing_priorities_and_the_best_suggestions_with_why(gapped_area, p):
    for name in ("Region A", "Region B", "Region C", "Region D"):
        region_with([p[3]], name=name)
    region_with([p[3]], name="Region Z", cohesion_category=CohesionCategory.TRANSITION)
    ClusterFactory(name="Cluster bringing C3").priorities.add(p[3])

    response = Client().get(gapped_area.get_absolute_url())
    section = missing_section(response)

    assert '<span class="ecl-tag">NACE C3</span> Priority 3' in section
    assert "NACE C1" not in section and "NACE C2" not in section  # covered
    # The boosted region first, then by name; three of each, the rest on the full page.
    assert section.index("Region Z") < section.index("Region A") < section.index("Region B")
    assert "Region C" not in section
    assert "1 missing priority × 1 × 1.5 (Transition region)" in section
    assert "Cohesion boost" in section
    assert "Cluster bringing C3" in section
    assert "multiplied by 1.5" in section
    full_page = reverse("projects:area_matches", args=[gapped_area.slug])
    assert f'href="{full_page}"' in response.text


def test_an_area_whose_members_cover_its_priorities_says_so(p):
    area = area_with([p[1]], lead=region_with([p[1]]))

    section = missing_section(Client().get(area.get_absolute_url()))

    assert "The members cover every priority the area declares." in section


def test_a_closed_area_or_one_without_priorities_shows_no_missing_priorities():
    closed = area_with([PriorityFactory()], status=AreaStatus.CLOSED)

    for area in (closed, AreaFactory()):
        assert 'id="missing-priorities"' not in Client().get(area.get_absolute_url()).text


def area_page_queries(area, client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(area.get_absolute_url()).status_code == 200
    return len(queries)


def test_the_area_page_costs_no_query_for_matchmaking_once_cached(gapped_area, p, cache_on):
    def add_rows(n):
        for _ in range(n):
            MembershipFactory(area=gapped_area, region=region_with([p[1]]))
            region_with([p[3]], cohesion_category=CohesionCategory.TRANSITION)
            ClusterFactory().priorities.add(p[3])

    def counts():
        # Signed in, so that the page itself is rendered each time.
        client = Client()
        client.force_login(UserFactory())
        cache.clear()
        cold = area_page_queries(gapped_area, client)
        return cold, area_page_queries(gapped_area, client)

    add_rows(1)
    counts()  # warms the per-process caches (content types, the session's user)
    few = counts()
    add_rows(19)
    many = counts()

    assert few == many
    cold, warm = many
    # matchmaking.missing_priorities, and the published projects, which the
    # page's shared part lists once until the next write.
    assert cold == warm + 8 + 1


# The API


def test_the_api_gives_an_areas_missing_priorities_with_who_would_bring_them(gapped_area, p):
    region = region_with(
        [p[3]], code="XA9Z", name="Brings it", cohesion_category=CohesionCategory.LESS_DEVELOPED
    )
    cluster = ClusterFactory(name="Cluster bringing C3", slug="cluster-c3", region=region)
    cluster.priorities.add(p[3])

    response = APIClient().get(f"/api/v1/thematic-areas/{gapped_area.slug}/missing-priorities/")

    assert response.status_code == 200
    data = response.json()
    assert [x["code"] for x in data["covered"]] == ["C1", "C2"]
    assert data["missing"] == [{"scheme": "nace", "code": "C3", "name": "Priority 3"}]
    assert data["regions"] == [
        {
            "code": "XA9Z",
            "name": "Brings it",
            "url": "http://testserver/api/v1/regions/XA9Z/",
            "score": 1.5,
            "shared_priorities": [{"scheme": "nace", "code": "C3", "name": "Priority 3"}],
            "explanation": "1 missing priority × 1 × 1.5 (Less developed region)",
            "cohesion_boost": True,
            "cohesion_category": "less_developed",
            "demo": False,
        }
    ]
    assert data["category_unknown"] == 0
    suggested = data["clusters"][0]
    assert suggested["url"] == "http://testserver/api/v1/clusters/cluster-c3/"
    assert suggested["region"] == {
        "code": "XA9Z",
        "name": "Brings it",
        "url": "http://testserver/api/v1/regions/XA9Z/",
    }


def test_the_api_hides_a_proposal_from_a_visitor():
    area = AreaFactory(status=AreaStatus.PROPOSED)

    response = APIClient().get(f"/api/v1/thematic-areas/{area.slug}/missing-priorities/")

    assert response.status_code == 404


# Demo data


def test_suggestions_resting_on_demo_rows_say_so(p):
    area = area_with([p[1], p[2]])
    MembershipFactory(area=area, region=region_with([p[3]]))
    real = region_with([p[1]], name="Real region")
    invented = region_with([p[2]], name="Demo region")
    RegionPriority.objects.filter(region=invented).update(is_demo=True)
    demo_cluster = ClusterFactory(name="Demo cluster", is_demo=True)
    demo_cluster.priorities.add(p[1])

    coverage = matchmaking.missing_priorities(area)
    regions = {s.subject: s.as_dict()["demo"] for s in coverage.regions}

    assert regions == {real: False, invented: True}
    assert [s.demo for s in coverage.clusters] == [True]
    similar = {s.subject: s.demo for s in matchmaking.similar_regions(region_with([p[1], p[2]]))}
    assert similar[invented] is True and similar[real] is False
