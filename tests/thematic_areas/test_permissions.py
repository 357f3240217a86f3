"""Who decides on a request to join an area: one rule, asked in every direction.

The same personas are asked the predicate (`can_decide_join_request`), the
queryset (`decidable_area_requests`), the dashboard's list and the
recipients of the notification of a new request; they must all agree.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from notifications.choices import Kind
from regions.choices import AffiliationStatus
from tests.accounts.factories import ModeratorFactory, UserFactory
from tests.personas import among, notified_of, offered_on_the_dashboard, signed_in, who
from tests.regions.factories import AffiliationFactory, RegionFactory, representative_of
from tests.thematic_areas.factories import AreaFactory, AreaJoinRequestFactory, MembershipFactory
from thematic_areas import permissions, services
from thematic_areas.choices import MembershipRole

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
# Those who decide on a request to join the area of `World`.
DECIDERS = {"lead rep", "co-lead rep", "moderator", "moderator and member rep"}
# Of them, those told of each new request: moderators decide in the admin.
TOLD = {"lead rep", "co-lead rep"}


@dataclass
class World:
    area: object
    join_request: object
    elsewhere: object
    personas: dict


@pytest.fixture
def world():
    lead, co_lead, member, applicant = (RegionFactory() for _ in range(4))
    area = AreaFactory(lead=lead)
    MembershipFactory(area=area, region=co_lead, role=MembershipRole.LEAD)
    MembershipFactory(area=area, region=member)
    left_at = timezone.now()
    former_lead = MembershipFactory(
        area=area, role=MembershipRole.LEAD, joined_at=left_at - DAY, left_at=left_at
    )
    member_rep_moderator = ModeratorFactory()
    AffiliationFactory(user=member_rep_moderator, region=member)
    personas = {
        "lead rep": representative_of(lead),
        "co-lead rep": representative_of(co_lead),
        "member rep": representative_of(member),
        "former lead rep": representative_of(former_lead.region),
        "pending lead rep": representative_of(lead, status=AffiliationStatus.PENDING),
        "applicant rep": representative_of(applicant),
        "moderator": ModeratorFactory(),
        "moderator and member rep": member_rep_moderator,
        "staff, not a moderator": UserFactory(is_staff=True),
        "outsider": UserFactory(),
        "visitor": AnonymousUser(),
    }
    return World(
        area=area,
        join_request=AreaJoinRequestFactory(area=area, region=applicant),
        elsewhere=AreaJoinRequestFactory(),
        personas=personas,
    )


def deciders(world, join_request):
    return who(world.personas, lambda user: permissions.can_decide_join_request(user, join_request))


def test_the_leads_and_the_moderators_decide(world):
    assert deciders(world, world.join_request) == DECIDERS


@pytest.mark.parametrize("which", ["join_request", "elsewhere"])
def test_the_predicate_is_membership_of_the_queryset(world, which):
    join_request = getattr(world, which)

    in_queryset = who(world.personas, among(join_request, permissions.decidable_area_requests))

    assert in_queryset == deciders(world, join_request)


def test_a_decider_sees_what_they_decide_and_the_applicant_sees_its_own(world):
    join_request = world.join_request

    seeing = who(world.personas, among(join_request, permissions.visible_join_requests))

    assert seeing == DECIDERS | {"applicant rep"}


def test_those_told_of_a_request_are_those_who_decide_it_as_leads(world):
    personas, join_request = signed_in(world.personas), world.join_request
    told = set(permissions.lead_representatives(world.area))

    as_leads = who(personas, among(join_request, permissions.requests_to_areas_led_by))

    assert as_leads == who(personas, lambda user: user in told) == TOLD


def test_a_new_request_notifies_exactly_those_told(world):
    region = RegionFactory()
    join_request = services.request_to_join_area(
        user=representative_of(region), region=region, area=world.area, statement="We commit."
    )

    told = {world.personas[name] for name in TOLD}
    assert notified_of(join_request, Kind.JOIN_REQUEST_MADE) == told


def test_the_dashboard_lists_the_decisions_of_those_told(world):
    approve = reverse("thematic_areas:join_request_approve", args=[world.join_request.pk])

    assert who(signed_in(world.personas), offered_on_the_dashboard(approve)) == TOLD
