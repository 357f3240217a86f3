"""The benchmark's endpoints (bench/probe.py) run as many queries for 1 row as for 50.

Counted after one warm-up request, as between two changes: computed data
(pipeline figures, matchmaking) is cached then. Pages stay within 10 queries.
"""

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from projects.choices import ProjectStatus, Stage
from tests.partnerships.factories import PartnershipFactory
from tests.projects.factories import FundingSourceFactory, ProjectFactory, ProjectPartnerFactory
from tests.regions.factories import ClusterFactory, RegionFactory, RegionPriorityFactory
from tests.thematic_areas.factories import AreaFactory, MembershipFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/areas/?status=active&country=XA",
    "/areas/busy-area/",
    "/regions/XA1A/",
    "/clusters/?q=robotics",
    f"/projects/?stage={Stage.DEMONSTRATION}&country=XA",
    "/pipeline/",
    "/search/?q=robotics",
]
API_LISTS = [
    "/api/v1/thematic-areas/?page_size=100",
    "/api/v1/clusters/?page_size=100",
    "/api/v1/projects/?page_size=100",
    f"/api/v1/projects/?area=busy-area&stage={Stage.DEMONSTRATION}",
]


def populate(rows):
    """`rows` of everything the endpoints list, around one region and one area."""
    region = RegionFactory(code="XA1A")
    area = AreaFactory(name="Busy area", slug="busy-area", lead=region)
    for n in range(rows):
        other = RegionFactory()
        RegionPriorityFactory(region=other)
        MembershipFactory(area=area, region=other)
        AreaFactory(name=f"Robotics area {n}", lead=region)
        cluster = ClusterFactory(name=f"Robotics cluster {n}", region=region)
        PartnershipFactory(area=area, name=f"Robotics partnership {n}")
        project = ProjectFactory(
            title=f"Robotics project {n}",
            area=area,
            lead_region=region,
            stage=Stage.DEMONSTRATION,
            status=ProjectStatus.PUBLISHED,
        )
        ProjectPartnerFactory(project=project, region=other)
        ProjectPartnerFactory(project=project, region=None, organisation_name=cluster.name)
        FundingSourceFactory(project=project)


def queries(client, path):
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker):
    """Queries of every endpoint with 1 row, then with 50: built once for the module."""
    results = {}
    with django_db_blocker.unblock():
        for rows in (1, 50):
            with transaction.atomic():
                populate(rows)
                client = Client()
                results[rows] = {path: queries(client, path) for path in PAGES + API_LISTS}
                transaction.set_rollback(True)
    return results


@pytest.mark.parametrize("path", PAGES + API_LISTS)
def test_queries_do_not_grow_with_the_rows(counts, path):
    assert counts[1][path] == counts[50][path]


@pytest.mark.parametrize("path", PAGES)
def test_a_page_runs_at_most_ten_queries(counts, path):
    assert counts[50][path] <= 10
