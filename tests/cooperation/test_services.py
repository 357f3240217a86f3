"""Postings, expressions of interest and conversations: who may do what, and what follows."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from cooperation import permissions, services
from cooperation.choices import InterestStatus
from cooperation.models import Conversation, Interest, Posting
from notifications.choices import Delivery, Kind
from notifications.models import Notification
from notifications.services import unread_about
from tests.accounts.factories import UserFactory
from tests.cooperation.conftest import posting_fields
from tests.cooperation.factories import InterestFactory, PostingFactory
from tests.notifications.factories import FollowFactory
from tests.personas import among, notified_of, who
from tests.regions.factories import (
    AffiliationFactory,
    ClusterFactory,
    RegionFactory,
    representative_of,
)
from tests.thematic_areas.factories import AreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(poster, moderator):
    region = RegionFactory(name="Interested region")
    colleague = representative_of(region)
    return {
        "visitor": AnonymousUser(),
        "member": UserFactory(),
        "poster": poster,
        "region rep": representative_of(region),
        "colleague": colleague,
        "pending rep": AffiliationFactory(status="pending").user,
        "moderator": moderator,
    }


def test_only_verified_representatives_may_post(people):
    assert who(people, permissions.can_post) == {"poster", "region rep", "colleague"}


def test_a_user_posts_only_for_an_organisation_they_represent(people, poster_cluster, printing):
    with pytest.raises(PermissionDenied):
        services.create_posting(
            user=people["region rep"],
            organisation=poster_cluster,
            priorities=[printing[0]],
            **posting_fields(),
        )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "\u200b "}, "title"),
        ({"closes_on": datetime.date(2000, 1, 1)}, "closes_on"),
        ({"partner_types": ["alien"]}, "partner_types"),
        ({"countries": ["Germany"]}, "countries"),
    ],
)
def test_bad_postings_are_refused_on_their_field(
    poster, poster_cluster, printing, overrides, field
):
    with pytest.raises(ValidationError) as refused:
        services.create_posting(
            user=poster,
            organisation=poster_cluster,
            priorities=[printing[0]],
            **posting_fields(**overrides),
        )
    assert field in refused.value.message_dict


def test_a_posting_needs_a_priority(poster, poster_cluster):
    with pytest.raises(ValidationError) as refused:
        services.create_posting(
            user=poster, organisation=poster_cluster, priorities=[], **posting_fields()
        )
    assert "priorities" in refused.value.message_dict


def test_the_followers_of_the_area_hear_of_a_new_posting_in_a_daily_digest(
    poster, poster_cluster, printing
):
    area = AreaFactory()
    follower = FollowFactory(target=area).user
    posting = services.create_posting(
        user=poster, organisation=poster_cluster, priorities=printing, **posting_fields(area=area)
    )

    assert notified_of(posting, Kind.POSTING_PUBLISHED) == {follower}
    assert Notification.objects.get(recipient=follower).delivery == Delivery.DIGEST


def test_the_daily_limit_of_postings(poster, poster_cluster, printing, settings):
    settings.S3P_DAILY_LIMITS = {"postings": 2}
    for _n in range(2):
        services.create_posting(
            user=poster, organisation=poster_cluster, priorities=printing, **posting_fields()
        )
    with pytest.raises(ValidationError, match="limit of 2 cooperation postings"):
        services.create_posting(
            user=poster, organisation=poster_cluster, priorities=printing, **posting_fields()
        )


def test_who_may_edit_and_close_a_posting(people, posting, poster_cluster):
    people["poster's colleague"] = representative_of(poster_cluster)

    assert who(people, lambda u: permissions.can_edit_posting(u, posting)) == {
        "poster",
        "poster's colleague",
    }
    with pytest.raises(PermissionDenied):
        services.close_posting(user=people["region rep"], posting=posting)
    services.close_posting(user=people["poster's colleague"], posting=posting)
    posting.refresh_from_db()
    assert not posting.is_open()
    with pytest.raises(ValidationError, match="closed"):
        services.update_posting(user=people["poster"], posting=posting, title="Again")


def test_a_posting_past_its_date_is_never_listed_as_open_and_the_task_closes_it():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    expired = PostingFactory(closes_on=yesterday)
    today = PostingFactory(closes_on=timezone.localdate())

    assert set(Posting.objects.open()) == {today}
    assert services.close_expired_postings() == 1
    expired.refresh_from_db()
    assert expired.closed_at is not None
    assert services.close_expired_postings() == 0


def test_hidden_postings_are_seen_only_by_moderators_and_their_organisation(people, posting):
    posting.is_hidden = True
    posting.save()

    assert who(people, among(posting, permissions.visible_postings)) == {"poster", "moderator"}


def test_an_expression_of_interest_is_seen_by_both_sides_and_moderators(people, posting):
    region = people["region rep"].affiliations.get().region
    interest = services.express_interest(
        user=people["region rep"], posting=posting, organisation=region, message="We can help."
    )

    assert who(people, among(interest, permissions.visible_interests)) == {
        "poster",
        "region rep",
        "colleague",
        "moderator",
    }
    assert notified_of(posting, Kind.INTEREST_EXPRESSED) == {people["poster"]}


def test_one_pending_expression_per_posting_and_organisation(people, posting):
    region = people["region rep"].affiliations.get().region
    services.express_interest(
        user=people["region rep"], posting=posting, organisation=region, message="Yes."
    )
    with pytest.raises(ValidationError, match="already"):
        services.express_interest(
            user=people["colleague"], posting=posting, organisation=region, message="Us too."
        )
    with pytest.raises(IntegrityError):
        InterestFactory(posting=posting, region=region)


def test_nobody_expresses_interest_in_their_own_or_a_closed_posting(people, posting):
    with pytest.raises(ValidationError, match="own"):
        services.express_interest(
            user=people["poster"], posting=posting, organisation=posting.cluster, message="Hi"
        )
    services.close_posting(user=people["poster"], posting=posting)
    region = people["region rep"].affiliations.get().region
    with pytest.raises(ValidationError, match="closed"):
        services.express_interest(
            user=people["region rep"], posting=posting, organisation=region, message="Hi"
        )


def test_accepting_opens_a_conversation_only_the_two_organisations_read(people, posting):
    region = people["region rep"].affiliations.get().region
    interest = services.express_interest(
        user=people["region rep"], posting=posting, organisation=region, message="We can help."
    )
    with pytest.raises(PermissionDenied):
        services.accept_interest(user=people["region rep"], interest=interest)

    interest = services.accept_interest(user=people["poster"], interest=interest)

    conversation = interest.conversation
    assert interest.status == InterestStatus.ACCEPTED
    assert {conversation.first, conversation.second} == {posting.cluster, region}
    assert who(people, among(conversation, permissions.readable_conversations)) == {
        "poster",
        "region rep",
        "colleague",
        "moderator",
    }
    assert who(people, lambda u: permissions.can_write_in(u, conversation)) == {
        "poster",
        "region rep",
        "colleague",
    }
    assert notified_of(posting, Kind.INTEREST_DECIDED) == {
        people["region rep"],
        people["colleague"],
    }
    with pytest.raises(ValidationError, match="answered already"):
        services.decline_interest(user=people["poster"], interest=interest, reason="No")


def test_declining_needs_a_reason_and_tells_the_interested_side(people, posting):
    region = people["region rep"].affiliations.get().region
    interest = services.express_interest(
        user=people["region rep"], posting=posting, organisation=region, message="Hi."
    )
    with pytest.raises(ValidationError):
        services.decline_interest(user=people["poster"], interest=interest, reason=" ")
    interest = services.decline_interest(
        user=people["poster"], interest=interest, reason="We found a partner."
    )

    assert interest.status == InterestStatus.DECLINED
    assert interest.conversation is None
    assert people["region rep"] in notified_of(posting, Kind.INTEREST_DECIDED)


def test_only_the_interested_side_withdraws(people, posting):
    region = people["region rep"].affiliations.get().region
    interest = services.express_interest(
        user=people["region rep"], posting=posting, organisation=region, message="Hi."
    )
    with pytest.raises(PermissionDenied):
        services.withdraw_interest(user=people["poster"], interest=interest)
    services.withdraw_interest(user=people["colleague"], interest=interest)
    assert Interest.objects.get().status == InterestStatus.WITHDRAWN


def test_messages_notify_the_other_side_and_count_as_unread_until_read(people, posting):
    region = people["region rep"].affiliations.get().region
    conversation = services.start_conversation(
        user=people["region rep"],
        organisation=region,
        other=posting.cluster,
        subject="Printing capacity",
        body="Hello <b>there</b>",
    )
    services.post_message(user=people["colleague"], conversation=conversation, body="Also us.")

    poster = people["poster"]
    assert unread_about(poster, Kind.CONVERSATION_MESSAGE, Conversation) == {conversation.pk: 2}
    assert unread_about(people["colleague"], Kind.CONVERSATION_MESSAGE, Conversation) == {
        conversation.pk: 1
    }
    services.mark_conversation_read(user=poster, conversation=conversation)
    assert unread_about(poster, Kind.CONVERSATION_MESSAGE, Conversation) == {}
    with pytest.raises(PermissionDenied):
        services.post_message(user=people["moderator"], conversation=conversation, body="Hi")


def test_the_rate_limit_on_messages(people, posting, settings):
    settings.S3P_DAILY_LIMITS = {"messages": 2}
    region = people["region rep"].affiliations.get().region
    conversation = services.start_conversation(
        user=people["region rep"], organisation=region, other=posting.cluster, subject="S", body="1"
    )
    services.post_message(user=people["region rep"], conversation=conversation, body="2")
    with pytest.raises(ValidationError, match="limit of 2 messages"):
        services.post_message(user=people["region rep"], conversation=conversation, body="3")


def test_nobody_starts_a_conversation_with_their_own_organisation(poster, poster_cluster):
    with pytest.raises(ValidationError):
        services.start_conversation(
            user=poster, organisation=poster_cluster, other=poster_cluster, subject="S", body="B"
        )


def test_the_daily_limit_of_expressions_of_interest(people, settings):
    settings.S3P_DAILY_LIMITS = {"interests": 1}
    region = people["region rep"].affiliations.get().region
    first, second = PostingFactory(), PostingFactory(cluster=ClusterFactory())
    services.express_interest(
        user=people["region rep"], posting=first, organisation=region, message="Hi"
    )
    with pytest.raises(ValidationError, match="limit of 1 expressions of interest"):
        services.express_interest(
            user=people["region rep"], posting=second, organisation=region, message="Hi"
        )
