"""No list endpoint runs a query per row: 1 row and 50 rows cost the same queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cooperation.factories import (
    BoardPostFactory,
    BoardTopicFactory,
    InterestFactory,
    PostingFactory,
)
from tests.events.factories import EventFactory, MeetingFactory, RegistrationFactory
from tests.notifications.factories import NotificationFactory
from tests.partnerships.factories import (
    CallFactory,
    PartnershipFactory,
    PartnershipJoinRequestFactory,
    PartnershipMembershipFactory,
)
from tests.projects.factories import FundingSourceFactory, ProjectFactory, ProjectPartnerFactory
from tests.regions.factories import (
    ClusterFactory,
    PriorityFactory,
    RegionFactory,
    RegionPriorityFactory,
)
from tests.thematic_areas.factories import (
    AreaFactory,
    AreaJoinRequestFactory,
    AreaSourceFactory,
    MembershipFactory,
    NamedParticipantFactory,
)

from .conftest import token_client

pytestmark = pytest.mark.django_db


def regions(n):
    for region in RegionFactory.create_batch(n, name="Valley"):
        RegionPriorityFactory(region=region)
    return "/api/v1/regions/?search=Valley"


def clusters(n):
    for cluster in ClusterFactory.create_batch(n):
        cluster.priorities.add(PriorityFactory())
    return "/api/v1/clusters/"


def priorities(n):
    parent = PriorityFactory()
    PriorityFactory.create_batch(n - 1, parent=parent)
    return "/api/v1/priorities/"


def areas(n):
    for area in AreaFactory.create_batch(n):
        MembershipFactory(area=area)
        area.priorities.add(PriorityFactory())
        AreaSourceFactory(area=area)
        NamedParticipantFactory(area=area)
    return "/api/v1/thematic-areas/"


def area_members(n):
    area = AreaFactory()
    MembershipFactory.create_batch(n - 1, area=area)
    return f"/api/v1/thematic-areas/{area.slug}/members/"


def area_history(n):
    area = AreaFactory()
    MembershipFactory.create_batch(n - 1, area=area)
    return f"/api/v1/thematic-areas/{area.slug}/membership-history/"


def region_areas(n):
    region = RegionFactory()
    for area in AreaFactory.create_batch(n):
        MembershipFactory(area=area, region=region)
    return f"/api/v1/regions/{region.code}/areas/"


def area_join_requests(n):
    AreaJoinRequestFactory.create_batch(n)
    return "/api/v1/area-join-requests/"


def calls(n):
    CallFactory.create_batch(n)
    return "/api/v1/calls/"


def partnerships(n):
    for partnership in PartnershipFactory.create_batch(n):
        PartnershipMembershipFactory(partnership=partnership)
    return "/api/v1/partnerships/"


def partnership_join_requests(n):
    PartnershipJoinRequestFactory.create_batch(n)
    return "/api/v1/partnership-join-requests/"


def projects(n):
    ProjectFactory.create_batch(n, status="published", partnership=PartnershipFactory())
    return "/api/v1/projects/"


def project_partners(n):
    project = ProjectFactory(status="published")
    ProjectPartnerFactory.create_batch(n, project=project, cluster=ClusterFactory())
    return f"/api/v1/projects/{project.slug}/partners/"


def project_funding(n):
    project = ProjectFactory(status="published")
    FundingSourceFactory.create_batch(n, project=project)
    return f"/api/v1/projects/{project.slug}/funding/"


def events(n):
    area = AreaFactory()
    partnership = PartnershipFactory(area=area)
    for index, event in enumerate(EventFactory.create_batch(n, area=area)):
        if index % 2:
            event.partnership = partnership
            event.save()
        RegistrationFactory(event=event)
    return "/api/v1/events/"


def cooperation_postings(n):
    for posting in PostingFactory.create_batch(n):
        posting.priorities.add(PriorityFactory())
    return "/api/v1/cooperation-postings/"


def cooperation_interests(n):
    InterestFactory.create_batch(n)
    return "/api/v1/cooperation-interests/"


def board_topics(n):
    area = AreaFactory()
    partnership = PartnershipFactory(area=area)
    for index in range(n):
        board = {"partnership": partnership, "area": None} if index % 2 else {"area": area}
        BoardTopicFactory(**board)
    return "/api/v1/board-topics/"


def board_posts(n):
    topic = BoardTopicFactory()
    BoardPostFactory.create_batch(n, topic=topic)
    return f"/api/v1/board-topics/{topic.pk}/posts/"


def notifications(n, user):
    NotificationFactory.create_batch(n, recipient=user)
    return "/api/v1/notifications/"


# Queries per list request, whatever the number of rows (as NetBox keeps
# query_counts.json): token, moderator check, count, page, one per prefetch.
LISTS = {
    regions: 5,
    clusters: 5,
    priorities: 3,
    areas: 8,
    area_members: 5,
    area_history: 5,
    region_areas: 9,
    area_join_requests: 4,
    calls: 3,
    partnerships: 5,
    partnership_join_requests: 4,
    projects: 4,
    project_partners: 5,
    project_funding: 5,
    # And the events whose online link the caller sees (a moderator: all).
    events: 6,
    cooperation_postings: 5,
    cooperation_interests: 4,
    board_topics: 4,
    # And the topic, and marking its notifications read.
    board_posts: 7,
}


def count_queries(client, url, rows):
    url += ("&" if "?" in url else "?") + "page_size=100"
    client.get(url)  # warm up: the token's last-used time is written once a minute
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) == rows
    return len(queries)


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("make_rows", list(LISTS), ids=lambda f: f.__name__)
def test_a_list_costs_the_same_queries_for_1_and_50_rows(make_rows, rows, moderator):
    client = token_client(moderator)
    assert count_queries(client, make_rows(rows), rows) == LISTS[make_rows]


@pytest.mark.parametrize("rows", [1, 50])
def test_the_notifications_list_costs_the_same_for_1_and_50_rows(rows, member):
    client = token_client(member)
    assert count_queries(client, notifications(rows, member), rows) == 3


@pytest.mark.parametrize("rows", [1, 50])
def test_the_own_event_registrations_list_costs_the_same_for_1_and_50_rows(rows, member):
    for event in EventFactory.create_batch(rows):
        RegistrationFactory(event=event, user=member)
    client = token_client(member)
    assert count_queries(client, "/api/v1/event-registrations/", rows) == 3


@pytest.mark.parametrize("rows", [1, 50])
def test_the_own_meetings_list_costs_the_same_for_1_and_50_rows(rows, member):
    for index in range(rows):
        MeetingFactory(**{"requester" if index % 2 else "invitee": member})
    client = token_client(member)
    assert count_queries(client, "/api/v1/meetings/", rows) == 3
