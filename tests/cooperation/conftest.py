import datetime

import pytest
from django.utils import timezone

from cooperation import services
from cooperation.choices import Direction, PostingKind
from regions.choices import CohesionCategory
from tests.regions.factories import (
    ClusterFactory,
    PriorityFactory,
    RegionFactory,
    representative_of,
)


@pytest.fixture
def printing():
    """The NACE code of 3D printing's makers (C25), and one of machinery (C28)."""
    return PriorityFactory(code="C25", name="Fabricated metal products"), PriorityFactory(
        code="C28", name="Machinery"
    )


@pytest.fixture
def poster_cluster():
    """A cluster in a less developed region."""
    region = RegionFactory(name="Norte", cohesion_category=CohesionCategory.LESS_DEVELOPED)
    return ClusterFactory(name="Metal cluster", region=region)


@pytest.fixture
def poster(poster_cluster):
    return representative_of(poster_cluster)


def posting_fields(**overrides):
    return {
        "direction": Direction.SEEK,
        "kind": PostingKind.FACILITY,
        "title": "3D-printing facility wanted",
        "description": "We seek a metal 3D-printing facility for a pilot series.",
        "closes_on": timezone.localdate() + datetime.timedelta(days=30),
        **overrides,
    }


@pytest.fixture
def posting(poster, poster_cluster, printing):
    return services.create_posting(
        user=poster, organisation=poster_cluster, priorities=[printing[0]], **posting_fields()
    )
