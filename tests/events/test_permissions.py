"""Who may see, organise, manage and register for events, and see an online link."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from events import permissions, services
from events.choices import Audience, EventKind
from notifications.choices import Kind
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.notifications.factories import FollowFactory
from tests.partnerships.factories import PartnershipFactory, PartnershipMembershipFactory
from tests.personas import among, notified_of, who
from tests.regions.factories import ClusterFactory, RegionFactory, representative_of
from tests.thematic_areas.factories import AreaFactory, MembershipFactory
from thematic_areas.choices import AreaStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(moderator):
    """An area with a lead and a member region, a partnership with its coordinator and a
    member cluster, and a representative of each, of an outsider region, and a member."""
    area = AreaFactory(name="Batteries")
    member_region = MembershipFactory(area=area).region
    partnership = PartnershipFactory(area=area)
    member_cluster = ClusterFactory()
    PartnershipMembershipFactory(partnership=partnership, cluster=member_cluster)
    people = {
        "visitor": None,
        "member": UserFactory(),
        "lead": representative_of(area.proposing_region),
        "member region": representative_of(member_region),
        "coordinator": representative_of(partnership.coordinator),
        "member cluster": representative_of(member_cluster),
        "outsider region": representative_of(RegionFactory()),
        "moderator": moderator,
    }
    return area, partnership, people


def personas(people):
    return {name: user or AnonymousUser() for name, user in people.items()}


def test_who_may_organise_events_of_the_platform_an_area_and_a_partnership(world):
    area, partnership, people = world
    users = personas(people)

    assert who(users, lambda u: permissions.can_organise(u)) == {"moderator"}
    assert who(users, lambda u: permissions.can_organise(u, area=area)) == {"lead", "moderator"}
    assert who(users, lambda u: permissions.can_organise(u, partnership=partnership)) == {
        "lead",
        "coordinator",
        "moderator",
    }


def test_nobody_but_moderators_organises_events_of_a_closed_area(world):
    area, _partnership, people = world
    area.status = AreaStatus.CLOSED
    area.save()

    assert not permissions.can_organise(people["lead"], area=area)


@pytest.mark.parametrize(
    ("audience", "scope", "admitted"),
    [
        (
            Audience.MEMBERS,
            "area",
            {
                "member",
                "lead",
                "member region",
                "coordinator",
                "member cluster",
                "outsider region",
                "moderator",
            },
        ),
        (
            Audience.PARTICIPANTS,
            "area",
            {"lead", "member region", "coordinator", "member cluster", "moderator"},
        ),
        (
            Audience.PARTICIPANTS,
            "partnership",
            {"lead", "coordinator", "member cluster", "moderator"},
        ),
        (
            Audience.PARTICIPANTS,
            "platform",
            {
                "lead",
                "member region",
                "coordinator",
                "member cluster",
                "outsider region",
                "moderator",
            },
        ),
        # The steering committee of an area: its leads.
        (Audience.INVITATION, "area", {"lead", "moderator"}),
        (Audience.INVITATION, "partnership", {"lead", "coordinator", "moderator"}),
        (Audience.INVITATION, "platform", {"lead", "moderator"}),
    ],
)
def test_who_may_register_by_audience(world, audience, scope, admitted):
    area, partnership, people = world
    where = {
        "area": {"area": area},
        "partnership": {"area": area, "partnership": partnership},
        "platform": {},
    }[scope]
    event = EventFactory(audience=audience, **where)

    assert who(personas(people), lambda u: permissions.may_register(u, event)) == admitted


def test_a_steering_committee_refuses_the_members_registration(world):
    area, _partnership, people = world
    event = EventFactory(area=area, kind=EventKind.STEERING_COMMITTEE, audience=Audience.INVITATION)

    with pytest.raises(PermissionDenied):
        services.register(user=people["member region"], event=event)
    assert services.register(user=people["lead"], event=event).pk


def test_who_manages_an_event(world):
    area, partnership, people = world
    users = personas(people)
    area_event = EventFactory(area=area)
    partnership_event = EventFactory(area=area, partnership=partnership)
    platform_event = EventFactory()

    assert who(users, lambda u: permissions.can_manage_event(u, area_event)) == {
        "lead",
        "moderator",
    }
    assert who(users, lambda u: permissions.can_manage_event(u, partnership_event)) == {
        "lead",
        "coordinator",
        "moderator",
    }
    assert who(users, lambda u: permissions.can_manage_event(u, platform_event)) == {"moderator"}


def test_the_online_link_is_for_registered_participants_and_organisers(world):
    area, _partnership, people = world
    event = EventFactory(area=area, online_url="https://meet.example.eu/batteries")
    RegistrationFactory(event=event, user=people["member"])
    RegistrationFactory(event=event, user=people["member region"], status="waiting")

    assert who(personas(people), lambda u: permissions.can_see_online_link(u, event)) == {
        "member",
        "lead",
        "moderator",
    }


def test_events_of_a_proposed_area_and_hidden_events_are_not_visible(world):
    area, _partnership, people = world
    proposal = AreaFactory(status=AreaStatus.PROPOSED)
    of_proposal = EventFactory(area=proposal)
    hidden = EventFactory(area=area, is_hidden=True)
    public = EventFactory(area=area)
    proposer = representative_of(proposal.proposing_region)
    users = {**personas(people), "proposer": proposer}

    assert who(users, among(public, permissions.visible_events)) == set(users)
    assert who(users, among(of_proposal, permissions.visible_events)) == {"proposer", "moderator"}
    assert who(users, among(hidden, permissions.visible_events)) == {"moderator"}


def test_an_event_is_created_only_by_those_who_may_and_announced_to_followers(world):
    area, partnership, people = world
    follower = UserFactory()
    FollowFactory(user=follower, target=partnership)
    fields = {
        "kind": EventKind.PARTNERSHIP_MEETING,
        "title": "  Batteries partnership meeting ",
        "starts_at": EventFactory.build().starts_at,
        "ends_at": EventFactory.build().ends_at,
        "venue": "Turin",
    }

    for name in ("member", "member cluster", "member region"):
        with pytest.raises(PermissionDenied):
            services.create_event(user=people[name], partnership=partnership, **fields)
    event = services.create_event(user=people["coordinator"], partnership=partnership, **fields)

    assert (event.title, event.area, event.organiser) == (
        "Batteries partnership meeting",
        area,
        partnership.coordinator,
    )
    assert event.slug == "batteries-partnership-meeting"
    assert notified_of(event, Kind.EVENT_ANNOUNCED) == {follower}


def test_a_steering_committee_is_announced_to_the_invited_leads(world):
    area, _partnership, people = world
    second_lead = representative_of(MembershipFactory(area=area, role="lead").region)
    event = services.create_event(
        user=people["lead"],
        area=area,
        kind=EventKind.STEERING_COMMITTEE,
        title="Steering committee",
        starts_at=EventFactory.build().starts_at,
        ends_at=EventFactory.build().ends_at,
        online_url="https://meet.example.eu/sc",
        audience=Audience.INVITATION,
    )

    assert event.organiser == area.proposing_region
    # The organiser is not told of their own event.
    assert notified_of(event, Kind.EVENT_ANNOUNCED) == {second_lead}
