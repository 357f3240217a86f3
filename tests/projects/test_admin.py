import pytest

from projects.choices import ProjectStatus
from projects.models import InvestmentProject
from tests.test_admin import confirm_action, messages_of, run_action

pytestmark = pytest.mark.django_db


def status_of(project):
    project.refresh_from_db()
    return project.status


def test_moderators_publish_submitted_projects_in_the_admin(submitted, moderator_client):
    response = run_action(moderator_client, InvestmentProject, "publish_projects", [submitted])

    assert status_of(submitted) == ProjectStatus.PUBLISHED
    assert ("success", f"Published “{submitted}”.") in messages_of(response)


def test_the_admin_reports_a_refusal_from_the_service(project, moderator_client):
    response = run_action(moderator_client, InvestmentProject, "publish_projects", [project])

    assert status_of(project) == ProjectStatus.DRAFT
    assert any("Only a submitted project" in text for _, text in messages_of(response))


def test_returning_in_the_admin_asks_for_a_reason(submitted, moderator_client):
    page = run_action(moderator_client, InvestmentProject, "return_projects", [submitted])
    confirm_action(
        moderator_client, InvestmentProject, "return_projects", [submitted], reason="Add funding."
    )

    assert page.status_code == 200 and "reason" in page.context["form"].fields
    submitted.refresh_from_db()
    assert (submitted.status, submitted.return_reason) == (ProjectStatus.DRAFT, "Add funding.")


def test_moderators_archive_published_projects_in_the_admin(published, moderator_client):
    run_action(moderator_client, InvestmentProject, "archive_projects", [published])

    assert status_of(published) == ProjectStatus.ARCHIVED
