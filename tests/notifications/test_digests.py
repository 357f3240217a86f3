import datetime
import re
import smtplib
from collections import Counter

import pytest
from celery.exceptions import Retry
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from notifications.choices import Delivery, Frequency, Kind
from notifications.models import Notification
from notifications.services import notify
from notifications.tasks import (
    send_daily_digests,
    send_digest,
    send_weekly_digests,
    sweep_undelivered,
)
from tests.accounts.factories import UserFactory
from tests.notifications.factories import NotificationFactory, PreferenceFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def waiting(recipient, message, *, hours_ago=1, kind=Kind.CALL_OPENING, **kwargs):
    return NotificationFactory(
        recipient=recipient,
        kind=kind,
        message=message,
        delivery=Delivery.DIGEST,
        created_at=NOW - datetime.timedelta(hours=hours_ago),
        **kwargs,
    )


@pytest.fixture
def daily_user(db):
    user = UserFactory(email="daily@region.example.eu", first_name="Ada", last_name="Peeters")
    PreferenceFactory(user=user, kind=Kind.CALL_OPENING, frequency=Frequency.DAILY)
    return user


@pytest.fixture
def weekly_user(db):
    user = UserFactory(email="weekly@region.example.eu")
    PreferenceFactory(user=user, kind=Kind.CALL_OPENING, frequency=Frequency.WEEKLY)
    return user


def test_the_daily_digest_groups_everything_waiting_newest_first(daily_user, mailoutbox):
    waiting(daily_user, "Oldest news", hours_ago=20)
    waiting(daily_user, "Newest news", hours_ago=1, url="/calls/")
    waiting(daily_user, "Middle news", hours_ago=5)

    assert send_daily_digests() == 1

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["daily@region.example.eu"]
    assert email.subject == "[S3P] Your daily digest: 3 notifications"
    assert email.body.index("Newest news") < email.body.index("Middle news")
    assert email.body.index("Middle news") < email.body.index("Oldest news")
    assert f"{settings.SITE_URL}/calls/" in email.body
    assert "Hello Ada Peeters," in email.body
    assert f"{settings.SITE_URL}/notifications/preferences/" in email.body
    html = email.alternatives[0].content
    assert f'<a href="{settings.SITE_URL}/calls/">Newest news</a>' in html
    assert email.extra_headers["List-Unsubscribe"] == (
        f"<{settings.SITE_URL}/notifications/preferences/>"
    )
    assert set(Notification.objects.values_list("delivery", flat=True)) == {Delivery.SENT}


def test_each_user_gets_their_own_digest(daily_user, mailoutbox):
    other = UserFactory(email="other@region.example.eu")
    waiting(daily_user, "For Ada")
    waiting(other, "For the other one")

    assert send_daily_digests() == 2

    bodies = {tuple(email.to): email.body for email in mailoutbox}
    assert "For Ada" in bodies[("daily@region.example.eu",)]
    assert "For the other one" not in bodies[("daily@region.example.eu",)]
    assert "For the other one" in bodies[("other@region.example.eu",)]


def test_no_digest_is_sent_when_nothing_waits(daily_user, mailoutbox):
    NotificationFactory(recipient=daily_user, delivery=Delivery.SENT)
    NotificationFactory(recipient=daily_user, delivery=Delivery.PENDING)
    NotificationFactory(recipient=daily_user, delivery=Delivery.SKIPPED)

    assert send_daily_digests() == 0
    assert send_digest(daily_user.pk, Frequency.DAILY) == 0

    assert mailoutbox == []


def test_a_notification_goes_into_one_digest_only(daily_user, mailoutbox):
    waiting(daily_user, "Once only")

    send_daily_digests()
    send_daily_digests()
    assert send_digest(daily_user.pk, Frequency.DAILY) == 0

    assert len(mailoutbox) == 1
    notification = Notification.objects.get()
    assert notification.delivery == Delivery.SENT
    assert notification.delivery_attempts == 1
    assert notification.emailed_at is not None


def test_the_next_digest_holds_only_what_came_since(daily_user, mailoutbox):
    waiting(daily_user, "Yesterday's news")
    send_daily_digests()
    waiting(daily_user, "Today's news")

    send_daily_digests()

    assert len(mailoutbox) == 2
    assert "Today's news" in mailoutbox[1].body
    assert "Yesterday's news" not in mailoutbox[1].body
    assert mailoutbox[1].subject == "[S3P] Your daily digest: 1 notification"


def test_weekly_kinds_wait_for_the_weekly_digest(weekly_user, mailoutbox):
    weekly = waiting(weekly_user, "Weekly news", kind=Kind.CALL_OPENING)
    daily = waiting(weekly_user, "Other kind", kind=Kind.REPORT_PUBLISHED)

    assert send_daily_digests() == 1
    assert [m.subject for m in mailoutbox] == ["[S3P] Your daily digest: 1 notification"]
    assert "Other kind" in mailoutbox[0].body
    weekly.refresh_from_db()
    assert weekly.delivery == Delivery.DIGEST

    assert send_weekly_digests() == 1

    assert mailoutbox[1].subject == "[S3P] Your weekly digest: 1 notification"
    assert "Weekly news" in mailoutbox[1].body and "this week" in mailoutbox[1].body
    daily.refresh_from_db()
    weekly.refresh_from_db()
    assert daily.delivery == weekly.delivery == Delivery.SENT


def test_a_kind_switched_back_to_immediately_goes_out_with_the_daily_digest(
    weekly_user, mailoutbox
):
    waiting(weekly_user, "Kept for the week")
    weekly_user.notification_preferences.update(frequency=Frequency.IMMEDIATELY)

    assert send_weekly_digests() == 0
    assert send_daily_digests() == 1

    assert "Kept for the week" in mailoutbox[0].body


def test_inactive_users_get_no_digest(daily_user, mailoutbox):
    waiting(daily_user, "Nobody reads this")
    daily_user.is_active = False
    daily_user.save()

    assert send_daily_digests() == 0
    assert mailoutbox == []


def test_a_failed_digest_keeps_its_notifications_for_the_retry(daily_user, mailoutbox, monkeypatch):
    waiting(daily_user, "Try again")

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with pytest.raises(Retry):
        send_digest.apply(args=[daily_user.pk, Frequency.DAILY], throw=True)

    assert Notification.objects.get().delivery == Delivery.DIGEST
    monkeypatch.undo()
    assert send_digest(daily_user.pk, Frequency.DAILY) == 1
    assert len(mailoutbox) == 1


def test_a_digest_the_mail_server_cannot_take_for_now_waits_for_the_next_one(
    daily_user, monkeypatch
):
    waiting(daily_user, "Delivered tomorrow")
    monkeypatch.setattr(
        "django.core.mail.EmailMultiAlternatives.send",
        lambda *a, **k: (_ for _ in ()).throw(ConnectionRefusedError("SMTP down")),
    )

    result = send_digest.apply(args=[daily_user.pk, Frequency.DAILY], retries=5)

    assert result.get() == 0
    assert Notification.objects.get().delivery == Delivery.DIGEST


def test_a_digest_the_mail_server_refuses_for_good_ends_failed(daily_user, monkeypatch):
    waiting(daily_user, "Never delivered")
    refused = smtplib.SMTPRecipientsRefused({daily_user.email: (550, b"No such mailbox")})
    monkeypatch.setattr(
        "django.core.mail.EmailMultiAlternatives.send",
        lambda *a, **k: (_ for _ in ()).throw(refused),
    )

    result = send_digest.apply(args=[daily_user.pk, Frequency.DAILY], retries=5)

    assert result.get() == 0
    assert Notification.objects.get().delivery == Delivery.FAILED


def message_id(email):
    return email.message()["Message-ID"]


def test_a_digest_whose_worker_died_after_sending_goes_out_again_as_the_same_email(
    daily_user, mailoutbox
):
    claimed = [waiting(daily_user, "First news"), waiting(daily_user, "Second news")]
    with (
        override_settings(EMAIL_BACKEND="tests.notifications.mail_backends.KilledAfterSending"),
        pytest.raises(SystemExit),
    ):
        send_digest(daily_user.pk, Frequency.DAILY)
    assert set(Notification.objects.values_list("delivery", flat=True)) == {Delivery.SENDING}
    later = waiting(daily_user, "Later news", hours_ago=0)
    ids = [n.pk for n in claimed]

    # While the lease holds, neither the sweep nor a stray resend takes the claim.
    assert sweep_undelivered() == 0
    assert send_digest(daily_user.pk, Frequency.DAILY, ids) == 0
    Notification.objects.filter(pk__in=ids).update(claimed_at=NOW - datetime.timedelta(days=1))
    assert sweep_undelivered() == 1

    first, resent = mailoutbox
    assert message_id(resent) == message_id(first)
    assert first.subject == resent.subject == "[S3P] Your daily digest: 2 notifications"
    assert "Later news" not in resent.body
    assert Counter(Notification.objects.values_list("delivery", "delivery_attempts")) == {
        (Delivery.SENT, 2): 2,
        (Delivery.DIGEST, 0): 1,
    }

    send_daily_digests()

    assert "Later news" in mailoutbox[2].body
    assert message_id(mailoutbox[2]) != message_id(first)
    later.refresh_from_db()
    assert later.delivery == Delivery.SENT


@override_settings(DEFAULT_FROM_EMAIL="S3P <no-reply@portal.example.org>")
def test_a_digest_message_id_names_recipient_and_frequency(weekly_user, mailoutbox):
    waiting(weekly_user, "Weekly news")

    send_weekly_digests()

    assert re.fullmatch(
        rf"<digest-weekly-{weekly_user.pk}\.[0-9a-f]{{20}}@portal\.example\.org>",
        message_id(mailoutbox[0]),
    )


def test_a_resend_that_fails_leaves_its_items_to_an_ordinary_digest(daily_user, monkeypatch):
    # A digest item whose worker died a day ago, before sending.
    item = NotificationFactory(
        recipient=daily_user,
        kind=Kind.CALL_OPENING,
        delivery=Delivery.SENDING,
        digest=Frequency.DAILY,
        claimed_at=NOW - datetime.timedelta(days=1),
    )
    monkeypatch.setattr(
        "django.core.mail.EmailMultiAlternatives.send",
        lambda *a, **k: (_ for _ in ()).throw(ConnectionRefusedError("SMTP down")),
    )

    with pytest.raises(Retry) as retry:
        send_digest.apply(args=[daily_user.pk, Frequency.DAILY, [item.pk]], throw=True)

    item.refresh_from_db()
    assert item.delivery == Delivery.DIGEST
    assert retry.value.sig.args == (daily_user.pk, Frequency.DAILY)


def test_notify_keeps_digest_kinds_for_the_digest_and_the_digest_sends_them(
    daily_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[daily_user],
            kind=Kind.CALL_OPENING,
            message="The call “Textiles” is open.",
            dedupe_key="call-opening-1",
        )
    assert mailoutbox == []

    send_daily_digests()

    assert "The call “Textiles” is open." in mailoutbox[0].body
