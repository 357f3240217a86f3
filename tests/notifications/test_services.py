import datetime
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from notifications.choices import Delivery, Frequency, Kind
from notifications.models import Notification, Preference
from notifications.services import followers_of, notify, save_preferences
from notifications.tasks import deliver_notification, deliver_notifications, sweep_undelivered
from tests.accounts.factories import UserFactory
from tests.notifications.factories import FollowFactory, NotificationFactory
from tests.thematic_areas.factories import AreaFactory

pytestmark = pytest.mark.django_db


def send(recipients, **kwargs):
    fields = {
        "kind": Kind.JOIN_REQUEST_MADE,
        "message": "Skåne asks to join “3D printing”.",
        "url": "/areas/3d-printing/",
        "dedupe_key": "area-request-1",
    }
    return notify(recipients=recipients, **{**fields, **kwargs})


@pytest.fixture
def recipient(db):
    return UserFactory(email="lead@region.example.eu")


# notify()


def test_it_writes_one_notification_per_recipient():
    first, second = UserFactory(), UserFactory()

    created = send([first, second, first])

    assert {n.recipient for n in created} == {first, second}
    assert Notification.objects.count() == 2


def test_it_never_notifies_the_actor_of_their_own_action(recipient):
    actor = UserFactory()

    send([recipient, actor], actor=actor)

    assert not Notification.objects.filter(recipient=actor).exists()
    assert Notification.objects.filter(recipient=recipient).exists()


def test_it_skips_missing_and_inactive_recipients(recipient):
    inactive = UserFactory(is_active=False)

    created = send([None, inactive, recipient])

    assert [n.recipient for n in created] == [recipient]


def test_it_records_the_subject_kind_message_and_link(recipient):
    area = AreaFactory()

    notification = send([recipient], subject=area)[0]

    notification.refresh_from_db()
    assert notification.subject == area
    assert notification.kind == Kind.JOIN_REQUEST_MADE
    assert notification.message == "Skåne asks to join “3D printing”."
    assert notification.url == "/areas/3d-printing/"
    assert notification.read_at is None


def test_it_cuts_a_long_message_to_the_column_size(recipient):
    notification = send([recipient], message="x" * 600)[0]

    assert len(notification.message) == 500


def test_calling_it_twice_with_the_same_key_notifies_once(recipient):
    send([recipient])

    again = send([recipient], message="The same event, recorded twice.")

    assert again == []
    assert Notification.objects.filter(recipient=recipient).count() == 1


def test_a_new_recipient_is_still_notified_when_others_already_were(recipient):
    send([recipient])
    newcomer = UserFactory()

    created = send([recipient, newcomer])

    assert [n.recipient for n in created] == [newcomer]


def test_an_event_told_to_forty_queues_one_task_that_queues_their_emails(
    monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(deliver_notification, "delay", queued.append)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        created = send(UserFactory.create_batch(40))

    # One callback, which queued one fan-out task; run eagerly, it queued each e-mail.
    assert len(callbacks) == 1
    assert sorted(queued) == sorted(n.pk for n in created)


def test_with_the_broker_down_the_notifications_wait_for_the_sweep(
    monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(deliver_notifications, "delay", broker_down)

    with django_capture_on_commit_callbacks(execute=True):
        created = send(UserFactory.create_batch(3))

    assert {n.delivery for n in Notification.objects.filter(pk__in=[n.pk for n in created])} == {
        Delivery.PENDING
    }


def test_it_costs_the_same_queries_for_two_recipients_as_for_forty(django_assert_num_queries):
    few, many = UserFactory.create_batch(2), UserFactory.create_batch(40)
    Preference.objects.create(user=many[0], kind=Kind.JOIN_REQUEST_MADE, frequency=Frequency.NEVER)
    send(few)  # the content type is looked up once per process

    with django_assert_num_queries(5):
        send(few, dedupe_key="area-request-2")
    with django_assert_num_queries(5):
        created = send(many, dedupe_key="area-request-3")

    assert len(created) == 40
    assert {n.delivery for n in created if n.recipient == many[0]} == {Delivery.SKIPPED}


def test_a_recipient_notified_at_the_same_moment_elsewhere_is_skipped_and_the_others_kept(
    recipient, monkeypatch
):
    newcomer = UserFactory()
    read_preferences = Preference.objects.filter

    def while_another_notify_writes(*args, **kwargs):
        # Between notify's look for existing rows and its insert.
        NotificationFactory(recipient=recipient, dedupe_key="area-request-1")
        return read_preferences(*args, **kwargs)

    monkeypatch.setattr(Preference.objects, "filter", while_another_notify_writes)

    created = send([recipient, newcomer])

    assert [n.recipient for n in created] == [newcomer]
    assert Notification.objects.filter(recipient=recipient).count() == 1
    assert Notification.objects.filter(recipient=newcomer).count() == 1


@pytest.mark.parametrize(
    ("frequency", "delivery"),
    [
        (Frequency.IMMEDIATELY, Delivery.PENDING),
        (Frequency.DAILY, Delivery.DIGEST),
        (Frequency.WEEKLY, Delivery.DIGEST),
        (Frequency.NEVER, Delivery.SKIPPED),
    ],
)
def test_it_respects_the_recipients_preference_for_the_kind(recipient, frequency, delivery):
    Preference.objects.create(user=recipient, kind=Kind.JOIN_REQUEST_MADE, frequency=frequency)

    notification = send([recipient])[0]

    assert notification.delivery == delivery


def test_a_preference_for_another_kind_does_not_apply(recipient):
    Preference.objects.create(user=recipient, kind=Kind.CALL_OPENING, frequency=Frequency.NEVER)

    assert send([recipient])[0].delivery == Delivery.PENDING


def test_without_a_preference_it_e_mails_immediately(recipient):
    assert send([recipient])[0].delivery == Delivery.PENDING


# Delivery on commit


def test_delivery_is_queued_on_commit_and_the_email_is_sent(
    recipient, django_capture_on_commit_callbacks, mailoutbox, eager_celery
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = send([recipient])[0]
        assert mailoutbox == []

    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["lead@region.example.eu"]
    assert email.subject == "[S3P] Skåne asks to join “3D printing”."
    assert email.extra_headers["List-Unsubscribe"] == (
        f"<{settings.SITE_URL}/notifications/preferences/>"
    )
    assert f"{settings.SITE_URL}/areas/3d-printing/" in email.body
    assert email.alternatives[0].mimetype == "text/html"
    notification.refresh_from_db()
    assert notification.delivery == Delivery.SENT
    assert notification.emailed_at is not None
    assert notification.delivery_attempts == 1


def test_nothing_is_sent_if_the_transaction_does_not_commit(
    recipient, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = send([recipient])[0]

    assert len(callbacks) == 1
    assert mailoutbox == []
    notification.refresh_from_db()
    assert notification.delivery == Delivery.PENDING


@pytest.mark.parametrize("frequency", [Frequency.NEVER, Frequency.DAILY])
def test_nothing_is_queued_for_a_recipient_who_wants_no_immediate_email(
    recipient, django_capture_on_commit_callbacks, mailoutbox, frequency
):
    Preference.objects.create(user=recipient, kind=Kind.JOIN_REQUEST_MADE, frequency=frequency)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send([recipient])

    assert callbacks == []
    assert mailoutbox == []


def test_a_duplicate_event_queues_no_second_email(
    recipient, django_capture_on_commit_callbacks, mailoutbox, eager_celery
):
    with django_capture_on_commit_callbacks(execute=True):
        send([recipient])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send([recipient])

    assert callbacks == []
    assert len(mailoutbox) == 1


# The task body


def pending_notification(recipient, **kwargs):
    return NotificationFactory(recipient=recipient, **kwargs)


def test_the_task_emails_a_notification_at_most_once(recipient, mailoutbox):
    notification = pending_notification(recipient)

    assert deliver_notification(notification.pk) == "sent"
    assert deliver_notification(notification.pk) == "already handled"

    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.delivery == Delivery.SENT
    assert notification.delivery_attempts == 1
    assert notification.claimed_at is not None
    assert notification.emailed_at >= notification.claimed_at


@pytest.mark.parametrize(
    "delivery", [Delivery.SENDING, Delivery.SENT, Delivery.DIGEST, Delivery.SKIPPED]
)
def test_the_task_leaves_alone_a_notification_not_waiting_for_email(
    recipient, mailoutbox, delivery
):
    notification = pending_notification(recipient, delivery=delivery)

    assert deliver_notification(notification.pk) == "already handled"

    assert mailoutbox == []


def test_the_sweep_delivers_notifications_left_waiting(recipient, mailoutbox, eager_celery):
    old = timezone.now() - datetime.timedelta(minutes=10)
    stuck = pending_notification(recipient, created_at=old)
    pending_notification(recipient)

    assert sweep_undelivered() == 1

    assert [email.to for email in mailoutbox] == [[recipient.email]]
    stuck.refresh_from_db()
    assert stuck.delivery == Delivery.SENT


def test_the_sweep_recovers_a_notification_whose_worker_died_while_sending(
    recipient, mailoutbox, eager_celery
):
    # A worker claimed it (pending -> sending) a day ago and was killed before
    # sending. Its redelivered task finds it "already handled", so only the
    # sweep can still deliver it: "nothing is lost while the worker is down".
    long_ago = timezone.now() - datetime.timedelta(days=1)
    stuck = pending_notification(
        recipient,
        created_at=long_ago,
        delivery=Delivery.SENDING,
        claimed_at=long_ago,
        delivery_attempts=1,
    )

    sweep_undelivered()

    stuck.refresh_from_db()
    assert stuck.delivery == Delivery.SENT
    assert stuck.delivery_attempts == 2
    assert len(mailoutbox) == 1


def test_the_sweep_leaves_alone_a_notification_a_live_worker_is_sending(
    recipient, mailoutbox, eager_celery
):
    now = timezone.now()
    sending = pending_notification(
        recipient,
        created_at=now - datetime.timedelta(days=1),
        delivery=Delivery.SENDING,
        claimed_at=now - datetime.timedelta(minutes=1),
    )

    sweep_undelivered()

    sending.refresh_from_db()
    assert sending.delivery == Delivery.SENDING
    assert mailoutbox == []


# The Message-ID, by which mail systems de-duplicate an e-mail sent twice


def message_id(email):
    return email.message()["Message-ID"]


@override_settings(DEFAULT_FROM_EMAIL="S3P <no-reply@portal.example.org>")
def test_the_email_carries_a_message_id_of_its_notification(recipient, mailoutbox):
    notification = pending_notification(recipient)

    deliver_notification(notification.pk)

    assert re.fullmatch(
        rf"<notification-{notification.pk}\.[0-9a-f]{{20}}@portal\.example\.org>",
        message_id(mailoutbox[0]),
    )


def test_each_notification_has_its_own_message_id(recipient, mailoutbox):
    first, second = pending_notification(recipient), pending_notification(recipient)
    deliver_notification(first.pk)
    deliver_notification(second.pk)
    # A database rebuilt from scratch gives the same id to another notification.
    first_pk = first.pk
    first.delete()
    reused = pending_notification(recipient, pk=first_pk)
    deliver_notification(reused.pk)

    assert len({message_id(email) for email in mailoutbox}) == 3


def test_a_worker_killed_after_sending_makes_a_resend_with_the_same_message_id(
    recipient, mailoutbox
):
    long_ago = timezone.now() - datetime.timedelta(days=1)
    notification = pending_notification(recipient, created_at=long_ago)
    with (
        override_settings(EMAIL_BACKEND="tests.notifications.mail_backends.KilledAfterSending"),
        pytest.raises(SystemExit),
    ):
        deliver_notification(notification.pk)
    notification.refresh_from_db()
    assert notification.delivery == Delivery.SENDING
    assert len(mailoutbox) == 1

    # While the lease holds, the dead worker's claim is left alone.
    assert sweep_undelivered() == 0
    Notification.objects.filter(pk=notification.pk).update(claimed_at=long_ago)
    assert sweep_undelivered() == 1

    assert len(mailoutbox) == 2
    assert message_id(mailoutbox[1]) == message_id(mailoutbox[0])
    notification.refresh_from_db()
    assert notification.delivery == Delivery.SENT
    assert notification.delivery_attempts == 2


def test_followers_of_lists_active_followers_of_that_object_only():
    area, other_area = AreaFactory(), AreaFactory()
    follower = FollowFactory(target=area).user
    FollowFactory(target=other_area)
    FollowFactory(target=area, user=UserFactory(is_active=False))

    assert list(followers_of(area)) == [follower]


# Preferences


def test_save_preferences_refuses_unknown_values_and_writes_nothing(recipient):
    with pytest.raises(ValidationError, match="frequencies for call_opening"):
        save_preferences(
            user=recipient,
            frequencies={Kind.CALL_CLOSING: Frequency.DAILY, Kind.CALL_OPENING: "hourly"},
        )
    with pytest.raises(ValidationError, match="Unknown kinds tea_time"):
        save_preferences(user=recipient, frequencies={"tea_time": Frequency.DAILY})

    assert not Preference.objects.exists()


def test_a_message_over_several_lines_is_e_mailed_with_a_one_line_subject(
    recipient, django_capture_on_commit_callbacks, mailoutbox, eager_celery
):
    reason = "Budget missing.\r\nPartners unclear.\u2028See the scoping note."
    with django_capture_on_commit_callbacks(execute=True):
        notification = send([recipient], message=f"“Hydrogen” was returned to draft: {reason}")[0]

    assert [email.subject for email in mailoutbox] == [
        "[S3P] “Hydrogen” was returned to draft: Budget missing. Partners unclear. "
        "See the scoping note."
    ]
    notification.refresh_from_db()
    assert notification.delivery == Delivery.SENT


def test_a_long_message_is_cut_in_the_subject_with_an_ellipsis(
    recipient, django_capture_on_commit_callbacks, mailoutbox, eager_celery
):
    with django_capture_on_commit_callbacks(execute=True):
        send([recipient], message="word " * 60)

    subject = mailoutbox[0].subject
    assert len(subject) <= 126
    assert subject.endswith("word…")
