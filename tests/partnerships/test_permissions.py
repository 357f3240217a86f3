"""Who decides on a request to join a partnership: one rule, asked in every direction.

The coordinator cluster, the lead regions of the partnership's area and the
moderators decide. The same personas are asked the predicate, the
queryset, the dashboard's list and the recipients of the notification of a
new request; they must all agree.
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from notifications.choices import Kind
from partnerships import permissions, services
from tests.accounts.factories import ModeratorFactory, UserFactory
from tests.partnerships.factories import (
    PartnershipFactory,
    PartnershipJoinRequestFactory,
    PartnershipMembershipFactory,
)
from tests.personas import among, notified_of, offered_on_the_dashboard, signed_in, who
from tests.regions.factories import AffiliationFactory, ClusterFactory, representative_of
from tests.thematic_areas.factories import MembershipFactory

pytestmark = pytest.mark.django_db

DECIDERS = {"coordinator rep", "area lead rep", "coordinator and lead rep", "moderator"}
# Of them, those told of each new request: moderators decide in the admin.
TOLD = DECIDERS - {"moderator"}


@dataclass
class World:
    partnership: object
    join_request: object
    elsewhere: object
    without_coordinator: object
    personas: dict


@pytest.fixture
def world():
    partnership = PartnershipFactory()
    area = partnership.area
    lead = area.memberships.leads().get().region
    both = representative_of(partnership.coordinator)
    AffiliationFactory(user=both, region=lead)
    join_request = PartnershipJoinRequestFactory(partnership=partnership)
    personas = {
        "coordinator rep": representative_of(partnership.coordinator),
        "area lead rep": representative_of(lead),
        "coordinator and lead rep": both,
        "area member rep": representative_of(MembershipFactory(area=area).region),
        "member cluster rep": representative_of(
            PartnershipMembershipFactory(partnership=partnership).cluster
        ),
        "applicant rep": representative_of(join_request.cluster),
        "moderator": ModeratorFactory(),
        "outsider": UserFactory(),
        "visitor": AnonymousUser(),
    }
    return World(
        partnership=partnership,
        join_request=join_request,
        elsewhere=PartnershipJoinRequestFactory(),
        without_coordinator=PartnershipJoinRequestFactory(
            partnership=PartnershipFactory(area=area, coordinator=None)
        ),
        personas=personas,
    )


def deciders(world, join_request):
    return who(world.personas, lambda user: permissions.can_decide_join_request(user, join_request))


def test_the_coordinator_the_area_leads_and_the_moderators_decide(world):
    assert deciders(world, world.join_request) == DECIDERS


def test_without_a_coordinator_the_area_leads_decide(world):
    assert deciders(world, world.without_coordinator) == {
        "area lead rep",
        "coordinator and lead rep",
        "moderator",
    }


@pytest.mark.parametrize("which", ["join_request", "elsewhere", "without_coordinator"])
def test_the_predicate_is_membership_of_the_queryset(world, which):
    join_request = getattr(world, which)

    in_queryset = who(
        world.personas, among(join_request, permissions.decidable_partnership_requests)
    )

    assert in_queryset == deciders(world, join_request)


def test_a_decider_sees_what_they_decide_and_the_applicant_sees_its_own(world):
    join_request = world.join_request

    seeing = who(world.personas, among(join_request, permissions.visible_join_requests))

    assert seeing == DECIDERS | {"applicant rep"}


@pytest.mark.parametrize("which", ["join_request", "without_coordinator"])
def test_those_told_of_a_request_are_those_who_decide_it_as_representatives(world, which):
    personas, join_request = signed_in(world.personas), getattr(world, which)
    told = set(permissions.deciding_representatives(join_request.partnership))

    as_representatives = who(
        personas, among(join_request, permissions.requests_to_partnerships_run_by)
    )

    assert as_representatives == who(personas, lambda user: user in told)
    assert as_representatives == deciders(world, join_request) - {"moderator"}


def test_a_new_request_notifies_exactly_those_told(world):
    cluster = ClusterFactory()
    join_request = services.request_to_join_partnership(
        user=representative_of(cluster),
        cluster=cluster,
        partnership=world.partnership,
        statement="We bring 40 SMEs.",
    )

    told = {world.personas[name] for name in TOLD}
    assert notified_of(join_request, Kind.JOIN_REQUEST_MADE) == told


def test_the_dashboard_lists_the_decisions_of_those_told(world):
    approve = reverse("partnerships:join_request_approve", args=[world.join_request.pk])

    assert who(signed_in(world.personas), offered_on_the_dashboard(approve)) == TOLD
