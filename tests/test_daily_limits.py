"""Abuse limits: proposals and join requests per user per 24 hours, counted from the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partnerships import services as partnership_services
from partnerships.models import PartnershipJoinRequest
from tests.page_helpers import assert_form_error, client_for
from tests.partnerships.factories import PartnershipFactory, PartnershipJoinRequestFactory
from tests.regions.factories import ClusterFactory, RegionFactory, representative_of
from tests.thematic_areas.factories import AreaFactory, AreaJoinRequestFactory
from thematic_areas import services as area_services
from thematic_areas.choices import AreaStatus
from thematic_areas.models import AreaJoinRequest, ThematicArea

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.S3P_DAILY_LIMITS = {"proposals": 2, "join_requests": 3}


def propose(user, region, name):
    return area_services.propose_area(
        user=user,
        region=region,
        name=name,
        summary="Summary.",
        objectives="Objectives.",
        action_plan="Plan.",
    )


def hours_ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


def test_a_user_cannot_propose_more_areas_than_the_daily_limit():
    region = RegionFactory()
    user = representative_of(region)
    propose(user, region, "First")
    propose(user, region, "Second")

    with pytest.raises(ValidationError, match="limit of 2 thematic area proposals in 24 hours"):
        propose(user, region, "Third")
    assert not ThematicArea.objects.filter(name="Third").exists()


def test_the_proposal_limit_says_when_the_user_can_try_again():
    region = RegionFactory()
    user = representative_of(region)
    first = AreaFactory(
        status=AreaStatus.PROPOSED, proposed_by=user, proposing_region=region, lead=None
    )
    AreaFactory(status=AreaStatus.PROPOSED, proposed_by=user, proposing_region=region, lead=None)
    ThematicArea.objects.filter(pk=first.pk).update(created_at=hours_ago(20))
    retry_at = timezone.localtime(hours_ago(20) + datetime.timedelta(hours=24))

    with pytest.raises(ValidationError) as refused:
        propose(user, region, "Third")
    message = refused.value.messages[0]
    assert "You can try again after" in message
    assert retry_at.strftime("%Y") in message and str(retry_at.day) in message


def test_proposals_older_than_a_day_do_not_count():
    region = RegionFactory()
    user = representative_of(region)
    for _ in range(2):
        old = AreaFactory(status=AreaStatus.PROPOSED, proposed_by=user, proposing_region=region)
        ThematicArea.objects.filter(pk=old.pk).update(created_at=hours_ago(25))

    assert propose(user, region, "Fresh").pk


def test_the_proposal_limit_is_per_user():
    region = RegionFactory()
    busy, colleague = representative_of(region), representative_of(region)
    propose(busy, region, "One")
    propose(busy, region, "Two")

    assert propose(colleague, region, "Three").proposed_by == colleague


def test_a_limit_set_to_none_is_switched_off(settings):
    settings.S3P_DAILY_LIMITS = {"proposals": None, "join_requests": None}
    region = RegionFactory()
    user = representative_of(region)
    for n in range(3):
        propose(user, region, f"Area {n}")
    assert ThematicArea.objects.filter(proposed_by=user).count() == 3


def test_area_and_partnership_requests_count_together_against_one_join_limit():
    region, cluster = RegionFactory(), ClusterFactory()
    user = representative_of(region)
    representative_of(cluster, user=user)
    AreaJoinRequestFactory(region=region, requested_by=user)
    AreaJoinRequestFactory(region=region, requested_by=user)
    PartnershipJoinRequestFactory(cluster=cluster, requested_by=user)

    with pytest.raises(ValidationError, match="limit of 3 requests to join in 24 hours"):
        area_services.request_to_join_area(
            user=user, region=region, area=AreaFactory(), statement="We commit."
        )
    with pytest.raises(ValidationError, match="limit of 3 requests to join"):
        partnership_services.request_to_join_partnership(
            user=user, cluster=cluster, partnership=PartnershipFactory(), statement="We commit."
        )
    assert AreaJoinRequest.objects.filter(requested_by=user).count() == 2
    assert PartnershipJoinRequest.objects.filter(requested_by=user).count() == 1


def test_withdrawn_and_decided_requests_still_count_so_withdrawing_is_no_way_around():
    region = RegionFactory()
    user = representative_of(region)
    for _ in range(3):
        join_request = area_services.request_to_join_area(
            user=user, region=region, area=AreaFactory(), statement="We commit."
        )
        area_services.withdraw_area_join_request(request_id=join_request.pk, user=user)

    with pytest.raises(ValidationError, match="requests to join"):
        area_services.request_to_join_area(
            user=user, region=region, area=AreaFactory(), statement="We commit."
        )


def test_the_join_page_shows_the_limit_as_a_form_error_and_creates_nothing():
    region = RegionFactory()
    user = representative_of(region)
    for _ in range(3):
        AreaJoinRequestFactory(region=region, requested_by=user)
    area = AreaFactory()

    response = client_for(user).post(
        reverse("thematic_areas:area_join", args=[area.slug]),
        {"region": region.pk, "statement": "We commit."},
    )

    assert_form_error(response, "You have reached the limit of 3 requests to join in 24 hours.")
    assert not AreaJoinRequest.objects.filter(area=area).exists()


def test_the_proposal_page_shows_the_limit_as_a_form_error():
    region = RegionFactory()
    user = representative_of(region)
    propose(user, region, "One")
    propose(user, region, "Two")

    response = client_for(user).post(
        reverse("thematic_areas:area_propose"),
        {
            "region": region.pk,
            "name": "Three",
            "summary": "Summary.",
            "objectives": "Objectives.",
            "action_plan": "Plan.",
        },
    )

    assert_form_error(response, "You can try again after")
    assert not ThematicArea.objects.filter(name="Three").exists()
