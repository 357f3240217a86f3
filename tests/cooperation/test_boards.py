"""The discussion boards of areas and partnerships: who reads and writes them, mentions,
escaping, notifications, reporting and hiding, rate limits, pages and API."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cooperation import mentions, permissions, services
from cooperation.models import BoardPost, BoardTopic, board_url
from notifications.choices import Delivery, Kind
from notifications.models import Notification
from portal.models import Report
from tests.accounts.factories import UserFactory
from tests.api.conftest import token_client
from tests.cooperation.factories import BoardPostFactory, BoardTopicFactory, ConversationFactory
from tests.notifications.factories import FollowFactory
from tests.page_helpers import client_for, text_of
from tests.partnerships.factories import PartnershipFactory, PartnershipMembershipFactory
from tests.personas import among, notified_of, who
from tests.regions.factories import (
    AffiliationFactory,
    ClusterFactory,
    RegionFactory,
    representative_of,
)
from tests.thematic_areas.factories import AreaFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """An area led by one region with one member region, and a partnership inside it of a
    coordinator and a member cluster; a region that left, and an outsider in another area."""
    lead = RegionFactory(code="ES51", name="Cataluña")
    area = AreaFactory(lead=lead, proposing_region=lead)
    member = RegionFactory(code="PL22", name="Śląskie")
    MembershipFactory(area=area, region=member)
    gone = RegionFactory(code="FR10")
    MembershipFactory(
        area=area,
        region=gone,
        joined_at=timezone.now() - datetime.timedelta(days=9),
        left_at=timezone.now(),
    )
    partnership = PartnershipFactory(area=area, coordinator=ClusterFactory(slug="coordinator"))
    cluster = ClusterFactory(slug="textile-cluster", name="Textile cluster")
    PartnershipMembershipFactory(partnership=partnership, cluster=cluster)
    outsider = RegionFactory(code="DE11")
    MembershipFactory(area=AreaFactory(), region=outsider)
    return {
        "area": area,
        "partnership": partnership,
        "lead": lead,
        "member": member,
        "gone": gone,
        "cluster": cluster,
        "outsider": outsider,
    }


@pytest.fixture
def people(world, moderator):
    return {
        "visitor": AnonymousUser(),
        "user": UserFactory(),
        "lead rep": representative_of(world["lead"]),
        "member rep": representative_of(world["member"]),
        "coordinator rep": representative_of(world["partnership"].coordinator),
        "cluster rep": representative_of(world["cluster"]),
        "gone rep": representative_of(world["gone"]),
        "outsider rep": representative_of(world["outsider"]),
        "pending rep": AffiliationFactory(region=world["member"], status="pending").user,
        "inactive rep": representative_of(world["member"], user__is_active=False),
        "moderator": moderator,
    }


# Session, user, moderator check, the board, the user's seat, the count and the page of topics.
BOARD_PAGE_QUERIES = 7
# Session, user, moderator check, the user's organisations and their seats (two kinds of
# board), the topic, marking its two kinds of notification read, the count, the page of
# posts and the regions and clusters they mention.
TOPIC_PAGE_QUERIES = 13

AREA_READERS = {"lead rep", "member rep", "coordinator rep", "cluster rep", "moderator"}
PARTNERSHIP_READERS = {"lead rep", "coordinator rep", "cluster rep", "moderator"}


def test_who_reads_and_writes_an_area_board(world, people):
    area = world["area"]
    topic = BoardTopic.objects.create(area=area, title="T", author=people["lead rep"])

    assert who(people, lambda user: permissions.can_use_board(user, area)) == AREA_READERS
    assert who(people, among(topic, permissions.readable_topics)) == AREA_READERS
    members = set(permissions.board_members(area))
    assert {name for name, user in people.items() if user in members} == AREA_READERS - {
        "moderator"
    }


def test_who_reads_and_writes_a_partnership_board(world, people):
    partnership = world["partnership"]
    topic = BoardTopic.objects.create(partnership=partnership, title="T", author=people["lead rep"])

    assert (
        who(people, lambda user: permissions.can_use_board(user, partnership))
        == PARTNERSHIP_READERS
    )
    assert who(people, among(topic, permissions.readable_topics)) == PARTNERSHIP_READERS


def test_outsiders_may_not_post_and_moderators_may(world, people):
    for name in ("user", "outsider rep", "gone rep", "pending rep", "member rep"):
        with pytest.raises(PermissionDenied):
            services.start_topic(user=people[name], board=world["partnership"], title="T", body="B")
    topic = services.start_topic(
        user=people["moderator"], board=world["partnership"], title="Rules", body="Be kind."
    )
    with pytest.raises(PermissionDenied):
        services.reply(user=people["outsider rep"], topic=topic, body="Hi")
    services.reply(user=people["cluster rep"], topic=topic, body="Agreed.")
    assert list(topic.posts.values_list("body", flat=True)) == ["Be kind.", "Agreed."]


def test_a_topic_needs_a_title_and_a_text(world, people):
    for title, body in (("  ", "B"), ("T", "  ")):
        with pytest.raises(ValidationError):
            services.start_topic(
                user=people["lead rep"], board=world["area"], title=title, body=body
            )


def test_a_topic_belongs_to_exactly_one_board(world, people):
    with pytest.raises(IntegrityError):
        BoardTopic.objects.create(
            area=world["area"], partnership=world["partnership"], title="T", author=people["user"]
        )


def test_mentions_link_organisations_and_escape_everything_else(world):
    text = "<script>alert(1)</script> @ES51 and @textile-cluster, @NOPE, a@PL22, https://x.eu/@PL22\nBye"
    html = mentions.render(text, mentions.mentioned([text]))

    assert "&lt;script&gt;" in html and "<script>" not in html
    assert f'<a class="ecl-link" href="{world["lead"].get_absolute_url()}">@ES51</a>' in html
    assert f'href="{world["cluster"].get_absolute_url()}">@textile-cluster</a>' in html
    assert "@NOPE" in html and "a@PL22" in html
    assert '<a href="https://x.eu/@PL22"' in html
    assert html.endswith("<br>Bye")
    assert set(mentions.mentioned([text])) == {"ES51", "textile-cluster"}


def test_a_mention_notifies_only_the_representatives_who_read_the_board(world, people):
    topic = services.start_topic(
        user=people["coordinator rep"],
        board=world["partnership"],
        title="Pilots",
        # The member region does not sit on the partnership's board: it is not told.
        body="@textile-cluster and @PL22 and @DE11, can you help?",
    )

    assert notified_of(topic, Kind.BOARD_MENTION) == {people["cluster rep"]}
    notification = Notification.objects.get(kind=Kind.BOARD_MENTION)
    assert notification.delivery == Delivery.PENDING
    assert notification.url.startswith(topic.get_absolute_url())


def test_new_posts_notify_the_members_who_follow_the_board(world, people):
    area = world["area"]
    for name in ("member rep", "cluster rep", "outsider rep", "lead rep"):
        FollowFactory(user=people[name], target=area)

    topic = services.start_topic(
        user=people["lead rep"], board=area, title="Pilots", body="Hello @textile-cluster"
    )
    # The mentioned follower hears of the mention, not twice.
    assert notified_of(topic, Kind.BOARD_POST) == {people["member rep"]}
    assert notified_of(topic, Kind.BOARD_MENTION) == {people["cluster rep"]}
    assert Notification.objects.get(kind=Kind.BOARD_POST).delivery == Delivery.DIGEST
    assert "New topic" in Notification.objects.get(kind=Kind.BOARD_POST).message

    services.reply(user=people["member rep"], topic=topic, body="Count us in.")
    replied = Notification.objects.filter(kind=Kind.BOARD_POST, message__contains="replied")
    assert {n.recipient for n in replied} == {people["lead rep"], people["cluster rep"]}
    services.mark_topic_read(user=people["cluster rep"], topic=topic)
    assert not Notification.objects.filter(recipient=people["cluster rep"]).unread().exists()


def test_board_posts_and_conversation_messages_share_the_daily_limit(world, people, settings):
    settings.S3P_DAILY_LIMITS = {"messages": 2}
    user = people["member rep"]
    conversation = ConversationFactory(first_region=world["member"])
    services.post_message(user=user, conversation=conversation, body="1")
    topic = services.start_topic(user=user, board=world["area"], title="T", body="2")
    with pytest.raises(ValidationError, match="limit of 2 messages"):
        services.reply(user=user, topic=topic, body="3")
    with pytest.raises(ValidationError, match="limit of 2 messages"):
        services.post_message(user=user, conversation=conversation, body="3")


def test_pages_link_the_board_for_its_members_only(world, people, client):
    area, partnership = world["area"], world["partnership"]
    member, outsider = client_for(people["member rep"]), client_for(people["outsider rep"])

    assert board_url(area) in member.get(area.get_absolute_url()).content.decode()
    assert board_url(partnership) not in member.get(partnership.get_absolute_url()).content.decode()
    assert board_url(area) not in outsider.get(area.get_absolute_url()).content.decode()
    assert board_url(area) not in client.get(area.get_absolute_url()).content.decode()
    assert outsider.get(board_url(area)).status_code == 403
    assert client.get(board_url(area)).status_code == 302
    assert member.get(reverse("cooperation:board", args=["planet", area.slug])).status_code == 404


def test_a_member_starts_a_topic_and_replies_escaped(world, people):
    member = client_for(people["member rep"])
    response = member.post(
        board_url(world["area"]), {"title": "Pilot lines", "body": "Who has one? @ES51"}
    )
    topic = BoardTopic.objects.get()
    assert response.url == topic.get_absolute_url()
    assert "Pilot lines" in text_of(member.get(board_url(world["area"])))

    lead = client_for(people["lead rep"])
    response = lead.post(
        topic.get_absolute_url(), {"body": "<script>alert(1)</script> https://a.example.eu"}
    )
    post = BoardPost.objects.last()
    assert response.url == f"{topic.get_absolute_url()}?page=1#post-{post.pk}"
    page = member.get(topic.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<a href="https://a.example.eu"' in page
    assert f'href="{world["lead"].get_absolute_url()}">@ES51</a>' in page
    assert client_for(people["outsider rep"]).get(topic.get_absolute_url()).status_code == 404
    assert (
        client_for(people["outsider rep"]).post(topic.get_absolute_url(), {"body": "x"}).status_code
        == 404
    )


def test_a_post_is_reported_and_hidden_by_a_moderator(world, people, moderator_client):
    topic = services.start_topic(
        user=people["lead rep"], board=world["area"], title="Offers", body="Buy cheap pills"
    )
    post = topic.posts.get()
    report_url = reverse("report_content", args=["board-post", post.pk])
    assert client_for(people["outsider rep"]).get(report_url).status_code == 404
    client_for(people["member rep"]).post(report_url, {"reason": "offensive"})
    assert Report.objects.get().content == post

    moderator_client.post(
        reverse("admin:cooperation_boardpost_change", args=[post.pk]), {"is_hidden": "on"}
    )
    post.refresh_from_db()
    assert post.is_hidden
    page = text_of(client_for(people["member rep"]).get(topic.get_absolute_url()))
    assert "A moderator hid this post." in page and "Buy cheap pills" not in page
    assert "Buy cheap pills" in text_of(moderator_client.get(topic.get_absolute_url()))
    # Hidden, it can be reported no more.
    assert client_for(people["cluster rep"]).get(report_url).status_code == 404


def test_the_api_lists_reads_and_writes_the_boards_the_caller_sits_on(world, people):
    member = token_client(people["member rep"])
    response = member.post(
        "/api/v1/board-topics/",
        {"area": world["area"].slug, "title": "API topic", "body": "First"},
        format="json",
    )
    assert response.status_code == 201, response.content
    topic_url = f"/api/v1/board-topics/{response.json()['id']}/"

    reply = token_client(people["cluster rep"]).post(
        f"{topic_url}posts/", {"body": "Second"}, format="json"
    )
    assert reply.status_code == 201
    posts = member.get(f"{topic_url}posts/").json()["results"]
    assert [p["body"] for p in posts] == ["First", "Second"]
    assert [t["title"] for t in member.get("/api/v1/board-topics/").json()["results"]] == [
        "API topic"
    ]

    outsider = token_client(people["outsider rep"])
    assert outsider.get("/api/v1/board-topics/").json()["results"] == []
    assert outsider.get(topic_url).status_code == 404
    refused = outsider.post(
        "/api/v1/board-topics/",
        {"partnership": world["partnership"].slug, "title": "T", "body": "B"},
        format="json",
    )
    assert refused.status_code == 403
    both = member.post(
        "/api/v1/board-topics/",
        {
            "area": world["area"].slug,
            "partnership": world["partnership"].slug,
            "title": "T",
            "body": "B",
        },
        format="json",
    )
    assert both.status_code == 400


def page_queries(client, url):
    client.get(url)  # warm up: sessions and caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("rows", [1, 50])
def test_the_board_and_topic_pages_cost_the_same_for_1_and_50_rows(world, people, rows):
    area = world["area"]
    for _ in range(rows):
        BoardTopicFactory(area=area)
    topic = BoardTopicFactory(area=area)
    BoardPostFactory.create_batch(rows, topic=topic, body="Hello @ES51 and @textile-cluster")
    client = client_for(people["member rep"])

    assert page_queries(client, board_url(area)) == BOARD_PAGE_QUERIES
    assert page_queries(client, topic.get_absolute_url()) == TOPIC_PAGE_QUERIES


def test_the_board_of_a_proposal_is_unknown_to_outsiders():
    proposal = AreaFactory(status="proposed")
    outsider = UserFactory()

    page = client_for(outsider).get(board_url(proposal))
    created = token_client(outsider).post(
        "/api/v1/board-topics/",
        {"area": proposal.slug, "title": "Hello", "body": "Anyone?"},
        format="json",
    )

    assert page.status_code == 404
    assert created.status_code == 400 and "area" in created.json()
    assert not BoardTopic.objects.exists()
