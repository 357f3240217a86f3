import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications.choices import Frequency, Kind
from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.notifications.factories import FollowFactory, NotificationFactory, PreferenceFactory
from tests.thematic_areas.factories import AreaFactory

pytestmark = pytest.mark.django_db


def make_notification(recipient, **kwargs):
    fields = {
        "message": "Your proposal “3D printing” was approved.",
        "dedupe_key": "area-decided-1",
    }
    return NotificationFactory(recipient=recipient, **{**fields, **kwargs})


def test_the_database_rejects_a_second_notification_with_the_same_dedupe_key():
    recipient = UserFactory()
    make_notification(recipient)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_notification(recipient)


def test_two_recipients_may_share_a_dedupe_key():
    make_notification(UserFactory())
    make_notification(UserFactory())

    assert Notification.objects.filter(dedupe_key="area-decided-1").count() == 2


def test_a_user_has_one_preference_per_kind():
    first = PreferenceFactory(kind=Kind.JOIN_REQUEST_MADE)

    with pytest.raises(IntegrityError), transaction.atomic():
        PreferenceFactory(user=first.user, kind=Kind.JOIN_REQUEST_MADE)


def test_a_user_follows_an_object_once():
    first = FollowFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        FollowFactory(user=first.user, target=first.target)


def test_unread_notifications_exclude_those_read():
    recipient = UserFactory()
    unread = make_notification(recipient, dedupe_key="a")
    make_notification(recipient, dedupe_key="b", read_at=timezone.now())

    assert list(Notification.objects.unread()) == [unread]


def test_a_notification_points_at_its_subject():
    area = AreaFactory()

    notification = make_notification(
        UserFactory(),
        subject_type=ContentType.objects.get_for_model(area),
        subject_id=area.pk,
    )

    assert notification.subject == area


def test_a_notification_reads_as_recipient_and_message():
    recipient = UserFactory(first_name="Ada", last_name="Peeters")

    assert str(make_notification(recipient)) == (
        "Ada Peeters: Your proposal “3D printing” was approved."
    )


def test_a_preference_reads_as_user_kind_and_frequency():
    user = UserFactory(first_name="", last_name="", email="ada@region.example.eu")

    preference = PreferenceFactory(
        user=user, kind=Kind.JOIN_REQUEST_MADE, frequency=Frequency.WEEKLY
    )

    assert str(preference) == "ada@region.example.eu: Join request made → Weekly digest"


def test_a_follow_reads_as_user_and_target():
    user, area = UserFactory(first_name="Ada", last_name="Peeters"), AreaFactory()

    follow = FollowFactory(user=user, target=area)

    assert str(follow) == f"Ada Peeters follows thematicarea {area.pk}"
