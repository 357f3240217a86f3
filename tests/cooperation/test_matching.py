"""Who fits a posting, ranked and explained; the postings that fit a representative."""

import pytest

from cooperation import services
from cooperation.choices import Direction
from cooperation.matching import fitting_postings, posting_matches
from regions.choices import CohesionCategory
from tests.cooperation.conftest import posting_fields
from tests.cooperation.factories import PostingFactory
from tests.regions.factories import (
    ClusterFactory,
    RegionFactory,
    RegionPriorityFactory,
    representative_of,
)

pytestmark = pytest.mark.django_db


def profile(region, *priorities):
    for priority in priorities:
        RegionPriorityFactory(region=region, priority=priority)
    return region


def test_regions_rank_by_shared_codes_and_a_less_developed_region_is_boosted(printing):
    c25, c28 = printing
    posting = PostingFactory(priorities=[c25, c28])
    rich = profile(RegionFactory(name="Rich", cohesion_category="more_developed"), c25, c28)
    poorer = profile(
        RegionFactory(name="Poorer", cohesion_category=CohesionCategory.LESS_DEVELOPED), c25
    )
    unknown = profile(RegionFactory(name="Unknown"), c25)
    profile(RegionFactory(name="Elsewhere"))

    regions = posting_matches(posting)["regions"]

    assert [m.subject for m in regions] == [rich, poorer, unknown]
    assert [m.score for m in regions] == [2, 1.5, 1]
    assert regions[1].boosted
    assert regions[1].reasons == [
        "1 shared priority (NACE C25 — Fabricated metal products)",
        "× 1.5: Less developed region",
    ]
    assert f"cohesion category of {unknown} not recorded" in regions[2].reasons


def test_clusters_and_complementary_postings_fit_but_not_the_posting_organisation(printing):
    c25, _c28 = printing
    posting = PostingFactory(priorities=[c25], direction=Direction.SEEK)
    other_cluster = ClusterFactory()
    other_cluster.priorities.add(c25)
    posting.cluster.priorities.add(c25)
    offer = PostingFactory(priorities=[c25], direction=Direction.OFFER)
    request = PostingFactory(priorities=[c25], direction=Direction.SEEK)
    PostingFactory(priorities=[c25], cluster=posting.cluster)
    PostingFactory(priorities=[c25], is_hidden=True)

    matches = posting_matches(posting)

    assert [m.subject for m in matches["clusters"]] == [other_cluster]
    assert [m.subject for m in matches["postings"]] == [offer, request]
    assert "complementary: it offers what you seek" in matches["postings"][0].reasons
    assert matches["postings"][0].score == 2


def test_a_region_sees_the_postings_that_fit_its_profile(poster, poster_cluster, printing):
    c25, c28 = printing
    region = profile(RegionFactory(name="Printing region"), c25)
    representative = representative_of(region)
    fitting = services.create_posting(
        user=poster, organisation=poster_cluster, priorities=[c25], **posting_fields()
    )
    PostingFactory(priorities=[c28])
    PostingFactory(priorities=[c25], region=region, cluster=None)

    fits = fitting_postings(representative)

    assert [m.subject for m in fits] == [fitting]
    assert fits[0].fits == region
    # The poster's cluster is in a less developed region.
    assert fits[0].boosted
