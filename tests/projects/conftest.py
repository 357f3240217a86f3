"""A small world for the project workflows: one active area and who is who in it.

- `lead_region` leads `area`; `lead_rep` represents it.
- `member_region` is a member; `member_rep` represents it.
- `cluster` is in a partnership of the area; `cluster_rep` represents it.
- `outsider_region` is not in the area; `outsider_rep` represents it.
"""

from decimal import Decimal

import pytest

from projects import services
from tests.partnerships.factories import PartnershipFactory, PartnershipMembershipFactory
from tests.regions.factories import ClusterFactory, RegionFactory, representative_of
from tests.thematic_areas.factories import AreaFactory, MembershipFactory


@pytest.fixture
def lead_region(db):
    return RegionFactory(name="Lead region")


@pytest.fixture
def area(lead_region):
    return AreaFactory(name="Batteries", slug="batteries", lead=lead_region)


@pytest.fixture
def member_region(area):
    return MembershipFactory(area=area, region=RegionFactory(name="Member region")).region


@pytest.fixture
def partnership(area):
    return PartnershipFactory(area=area, name="Cell pilot lines", slug="cell-pilot-lines")


@pytest.fixture
def cluster(partnership):
    cluster = ClusterFactory(name="Battery cluster", region=RegionFactory(country="XB"))
    PartnershipMembershipFactory(partnership=partnership, cluster=cluster)
    return cluster


@pytest.fixture
def outsider_region(db):
    return RegionFactory(name="Outsider region")


@pytest.fixture
def lead_rep(lead_region):
    return representative_of(lead_region)


@pytest.fixture
def member_rep(member_region):
    return representative_of(member_region)


@pytest.fixture
def cluster_rep(cluster):
    return representative_of(cluster)


@pytest.fixture
def outsider_rep(outsider_region):
    return representative_of(outsider_region)


def create(user, organisation, area, **overrides):
    data = {
        "title": "Second-life battery packs",
        "summary": "Reuse of EV batteries for storage.",
        "trl": 5,
        "total_investment": Decimal("1000000.00"),
        **overrides,
    }
    return services.create_project(user=user, organisation=organisation, area=area, **data)


@pytest.fixture
def project(member_rep, member_region, area):
    """A draft led by the member region."""
    return create(member_rep, member_region, area)


@pytest.fixture
def submitted(project, member_rep):
    return services.submit_project(user=member_rep, project_id=project.pk)


@pytest.fixture
def published(submitted, lead_rep):
    return services.publish_project(user=lead_rep, project_id=submitted.pk)
