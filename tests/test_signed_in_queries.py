"""The benchmark's endpoints, signed in as a region representative who partners in many
projects: as many queries for 1 row as for 50 (no page cache for signed-in users)."""

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from projects.choices import ProjectStatus
from regions.models import Region
from tests.api.conftest import token_client
from tests.projects.factories import ProjectFactory, ProjectPartnerFactory
from tests.regions.factories import representative_of
from tests.test_benchmark_endpoints import API_LISTS, PAGES, populate
from thematic_areas.models import ThematicArea

pytestmark = pytest.mark.django_db

# What only a signed-in representative opens.
OWN_PAGES = ["/dashboard/", "/projects/?status=draft", "/events/", "/calls/calendar/"]


def populate_for_a_representative(rows):
    """The benchmark's rows, and a representative of their region who also partners in
    `rows` draft projects of other regions (visible to them alone)."""
    populate(rows)
    region = Region.objects.get(code="XA1A")
    area = ThematicArea.objects.get(slug="busy-area")
    for _ in range(rows):
        draft = ProjectFactory(area=area, status=ProjectStatus.DRAFT)
        ProjectPartnerFactory(project=draft, region=region)
    return representative_of(region)


def queries(client, path):
    client.get(path)  # warm-up: per-process caches, and the token's last use
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured)


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker):
    results = {}
    with django_db_blocker.unblock():
        for rows in (1, 50):
            with transaction.atomic():
                user = populate_for_a_representative(rows)
                session = Client()
                session.force_login(user)
                api = token_client(user)
                results[rows] = {
                    **{path: queries(session, path) for path in PAGES + OWN_PAGES},
                    **{path: queries(api, path) for path in API_LISTS},
                }
                transaction.set_rollback(True)
    return results


@pytest.mark.parametrize("path", PAGES + OWN_PAGES + API_LISTS)
def test_a_representative_costs_the_same_queries_for_1_and_50_rows(counts, path):
    assert counts[1][path] == counts[50][path], (counts[1][path], counts[50][path])


@pytest.mark.parametrize("path", PAGES + OWN_PAGES)
def test_a_representatives_page_runs_at_most_twenty_five_queries(counts, path):
    # The largest is a lead's area page, with every decision form a lead may use.
    assert counts[50][path] <= 25, counts[50][path]
