"""Two people acting on the same project at once (PostgreSQL only)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from notifications.choices import Kind
from notifications.models import Notification
from projects import services
from projects.choices import ProjectStatus
from projects.models import FundingSource, InvestmentProject
from tests.accounts.factories import ModeratorFactory
from tests.concurrency import run_at_once
from tests.projects.conftest import create
from tests.regions.factories import RegionFactory, representative_of
from tests.thematic_areas.factories import AreaFactory, MembershipFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def world():
    lead = RegionFactory()
    area = AreaFactory(lead=lead)
    member = MembershipFactory(area=area).region
    reps = [representative_of(member), representative_of(member)]
    project = create(reps[0], member, area)
    return {"area": area, "lead": lead, "reps": reps, "project": project}


def test_two_sources_that_together_exceed_the_total_are_not_both_saved(world):
    project = world["project"]

    outcomes = run_at_once(
        *(
            lambda user=user: services.save_funding_source(
                user=user,
                project_id=project.pk,
                kind="erdf",
                amount=Decimal("600000"),
                status="planned",
            )
            for user in world["reps"]
        )
    )

    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == 1, outcomes
    assert FundingSource.objects.filter(project=project).count() == 1


def test_two_reviewers_publishing_at_once_publish_once(world):
    project = world["project"]
    services.submit_project(user=world["reps"][0], project_id=project.pk)
    reviewers = [ModeratorFactory(), representative_of(world["lead"])]

    outcomes = run_at_once(
        *(
            lambda user=user: services.publish_project(user=user, project_id=project.pk)
            for user in reviewers
        )
    )

    published = [o for o in outcomes if isinstance(o, InvestmentProject)]
    assert len(published) == 1, outcomes
    assert InvestmentProject.objects.get(pk=project.pk).status == ProjectStatus.PUBLISHED
    for rep in world["reps"]:
        assert Notification.objects.filter(recipient=rep, kind=Kind.PROJECT_PUBLISHED).count() == 1
