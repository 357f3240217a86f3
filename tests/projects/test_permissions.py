"""Who may do what with a project, through the pages: role × action → outcome.

"done" means the page answered with a redirect and the project moved on;
a visitor is sent to the login page instead, and nothing moves.
"""

import pytest
from django.test import Client
from django.urls import reverse

from projects import permissions, services
from projects.choices import ProjectStatus
from projects.models import InvestmentProject
from tests.accounts.factories import UserFactory
from tests.page_helpers import client_for
from tests.regions.factories import AffiliationFactory

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "member", "pending", "team", "partner_cluster", "lead", "outsider", "moderator"]


@pytest.fixture
def people(
    project, member_rep, cluster, cluster_rep, lead_rep, outsider_rep, moderator, member_region
):
    services.add_partner(user=member_rep, project_id=project.pk, cluster=cluster)
    pending = UserFactory()
    AffiliationFactory(user=pending, region=member_region, status="pending")
    return {
        "visitor": None,
        "member": UserFactory(),
        "pending": pending,
        "team": member_rep,
        "partner_cluster": cluster_rep,
        "lead": lead_rep,
        "outsider": outsider_rep,
        "moderator": moderator,
    }


def client(people, role):
    user = people[role]
    return Client() if user is None else client_for(user)


def move_to(project, status):
    InvestmentProject.objects.filter(pk=project.pk).update(status=status)


def matrix(outcomes):
    return list(zip(ROLES, outcomes, strict=True))


def outcome(response, project, expected_status):
    project.refresh_from_db()
    if response.status_code == 302 and project.status == expected_status:
        return "done"
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return response.status_code


@pytest.mark.parametrize(
    ("role", "expected"),
    matrix([404, 404, 404, 200, 200, 200, 404, 200]),
)
def test_who_sees_a_draft(people, project, role, expected):
    response = client(people, role).get(reverse("projects:project_detail", args=[project.slug]))

    assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    matrix(["login", 404, 404, 200, 200, 403, 404, 200]),
)
def test_who_may_open_the_edit_page_of_a_draft(people, project, role, expected):
    response = client(people, role).get(reverse("projects:project_edit", args=[project.slug]))

    assert ("login" if response.status_code == 302 else response.status_code) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    matrix(["login", 404, 404, "done", "done", 403, 404, "done"]),
)
def test_who_may_submit_a_draft(people, project, role, expected):
    response = client(people, role).post(reverse("projects:project_submit", args=[project.slug]))

    assert outcome(response, project, ProjectStatus.SUBMITTED) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    matrix(["login", 404, 404, 403, 403, "done", 404, "done"]),
)
def test_who_may_publish_a_submitted_project(people, project, role, expected):
    move_to(project, ProjectStatus.SUBMITTED)

    response = client(people, role).post(reverse("projects:project_publish", args=[project.slug]))

    assert outcome(response, project, ProjectStatus.PUBLISHED) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    matrix(["login", 403, 403, "done", "done", "done", 403, "done"]),
)
def test_who_may_archive_a_published_project(people, project, role, expected):
    move_to(project, ProjectStatus.PUBLISHED)

    response = client(people, role).post(reverse("projects:project_archive", args=[project.slug]))

    assert outcome(response, project, ProjectStatus.ARCHIVED) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    matrix(["login", 403, 403, "done", "done", 403, 403, "done"]),
)
def test_who_may_change_the_stage_of_a_published_project(people, project, role, expected):
    move_to(project, ProjectStatus.PUBLISHED)

    response = client(people, role).post(
        reverse("projects:stage_change", args=[project.slug]), {"stage": "scoping"}
    )

    project.refresh_from_db()
    done = response.status_code == 302 and project.stage == "scoping"
    result = "done" if done else outcome(response, project, "-")
    assert result == expected


def test_visible_projects_lists_each_project_once(people, project, lead_region, member_rep):
    services.add_partner(user=member_rep, project_id=project.pk, region=lead_region)
    lead_rep = people["lead"]

    assert list(permissions.visible_projects(lead_rep)) == [project]


def test_a_representatives_visible_projects_are_one_flat_query(people, project, cluster_rep):
    """Public ones by status, their unpublished ones by id: no subquery PostgreSQL
    would run once per project of the platform."""
    for user in (people["lead"], cluster_rep):
        visible = permissions.visible_projects(user)
        sql = str(visible.query)

        assert sql.count("SELECT") == 1
        assert project in visible  # the lead region's draft, or the partner cluster's
