"""The benchmark's endpoints, signed in as a region representative who partners in many
projects: as many queries for 1 row as for 50 (no page cache for signed-in users)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from projects.choices import ProjectStatus
from regions.choices import AffiliationStatus, ClusterStatus
from regions.models import Region
from tests.accounts.factories import ModeratorFactory
from tests.api.conftest import token_client
from tests.projects.factories import ProjectFactory, ProjectPartnerFactory
from tests.regions.factories import (
    AffiliationFactory,
    ClusterFactory,
    RegionFactory,
    representative_of,
)
from tests.test_benchmark_endpoints import API_LISTS, PAGES, populate
from tests.thematic_areas.factories import AreaFactory
from thematic_areas.choices import AreaStatus
from thematic_areas.models import AreaJoinRequest, ThematicArea

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


def for_1_and_50_rows(django_db_blocker, measure):
    """`measure(rows)` with 1 row, then with 50, each in a transaction rolled back after."""
    results = {}
    with django_db_blocker.unblock():
        for rows in (1, 50):
            with transaction.atomic():
                results[rows] = measure(rows)
                transaction.set_rollback(True)
    return results


def signed_in(user):
    session = Client()
    session.force_login(user)
    return session


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker):
    def measure(rows):
        user = populate_for_a_representative(rows)
        session, api = signed_in(user), token_client(user)
        return {
            **{path: queries(session, path) for path in PAGES + OWN_PAGES},
            **{path: queries(api, path) for path in API_LISTS},
        }

    return for_1_and_50_rows(django_db_blocker, measure)


@pytest.mark.parametrize("path", PAGES + OWN_PAGES + API_LISTS)
def test_a_representative_costs_the_same_queries_for_1_and_50_rows(counts, path):
    assert counts[1][path] == counts[50][path], (counts[1][path], counts[50][path])


@pytest.mark.parametrize("path", PAGES + OWN_PAGES)
def test_a_representatives_page_runs_at_most_twenty_five_queries(counts, path):
    # The largest is a lead's area page, with every decision form a lead may use.
    assert counts[50][path] <= 25, counts[50][path]


# The other endpoints of the benchmark: the full lists, a project's API detail, the
# moderators' queue and a join request sent as a form.

LISTS = ["/partnerships/", "/projects/"]


def project_detail(rows):
    """A published project with `rows` partners, and its API address."""
    project = ProjectFactory(status=ProjectStatus.PUBLISHED)
    for _ in range(rows):
        ProjectPartnerFactory(project=project)
    return f"/api/v1/projects/{project.slug}/"


def moderation_backlog(rows):
    """`rows` records of each kind that waits for a moderator."""
    for n in range(rows):
        AffiliationFactory(status=AffiliationStatus.PENDING)
        ClusterFactory(name=f"Pending cluster {n}", status=ClusterStatus.PENDING)
        AreaFactory(name=f"Proposed area {n}", status=AreaStatus.PROPOSED)
        ProjectFactory(status=ProjectStatus.SUBMITTED)


def join_post_queries(leads):
    """The queries of one join request to an area whose lead region has `leads`
    representatives, each of whom is told."""
    lead = RegionFactory()
    area = AreaFactory(lead=lead)
    for _ in range(leads):
        representative_of(lead)
    applicant = RegionFactory()
    session = signed_in(representative_of(applicant))
    session.get("/")  # warm-up: the session's first read
    # and the content types' per-process cache, which a process's first request fills
    ContentType.objects.get_for_model(AreaJoinRequest)
    with CaptureQueriesContext(connection) as captured:
        response = session.post(
            f"/areas/{area.slug}/join/", {"region": applicant.pk, "statement": "We commit."}
        )
    assert response.status_code == 302, response.status_code
    assert AreaJoinRequest.objects.filter(area=area, region=applicant).exists()
    return len(captured)


@pytest.fixture(scope="module")
def other_counts(django_db_setup, django_db_blocker):
    def measure(rows):
        user = populate_for_a_representative(rows)
        detail = project_detail(rows)
        moderation_backlog(rows)
        session = signed_in(user)
        return {
            **{path: queries(session, path) for path in LISTS},
            "API project detail": queries(token_client(user), detail),
            "moderation queue": queries(signed_in(ModeratorFactory()), "/moderation/"),
            "join request": join_post_queries(rows),
        }

    return for_1_and_50_rows(django_db_blocker, measure)


@pytest.mark.parametrize(
    "endpoint", [*LISTS, "API project detail", "moderation queue", "join request"]
)
def test_the_other_endpoints_cost_the_same_queries_for_1_and_50_rows(other_counts, endpoint):
    assert other_counts[1][endpoint] == other_counts[50][endpoint], (
        other_counts[1][endpoint],
        other_counts[50][endpoint],
    )
