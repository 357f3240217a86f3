import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from notifications.choices import Delivery
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def status(*args):
    out = StringIO()
    call_command("notifications_status", *args, stdout=out)
    return out.getvalue()


def ago(**kwargs):
    return timezone.now() - datetime.timedelta(**kwargs)


def test_it_counts_notifications_by_delivery_state():
    NotificationFactory.create_batch(2, delivery=Delivery.PENDING, created_at=ago(minutes=12))
    NotificationFactory(delivery=Delivery.SENDING, claimed_at=timezone.now())
    NotificationFactory.create_batch(3, delivery=Delivery.DIGEST)
    NotificationFactory(delivery=Delivery.SENT)

    report = status()

    assert "pending: 2\n" in report
    assert "sending: 1\n" in report
    assert "digest: 3\n" in report
    assert "failed: 0\n" in report
    assert "oldest pending: 12 min\n" in report
    assert "stuck (pending over 30 min or claim expired): 0\n" in report


def test_it_reports_nothing_pending_on_a_quiet_day():
    assert "oldest pending: -\n" in status()


def test_check_passes_when_nothing_failed_or_is_stuck():
    NotificationFactory(delivery=Delivery.PENDING)
    NotificationFactory(delivery=Delivery.SENT, created_at=ago(days=3))

    assert "pending: 1" in status("--check")


@pytest.mark.parametrize(
    "fields",
    [
        {"delivery": Delivery.FAILED},
        {"delivery": Delivery.PENDING, "created_at": ago(minutes=31)},
        {"delivery": Delivery.SENDING, "claimed_at": ago(minutes=11)},
        {"delivery": Delivery.SENDING, "claimed_at": None},
    ],
    ids=["failed", "pending-too-long", "claim-expired", "sending-unclaimed"],
)
def test_check_fails_when_something_failed_or_is_stuck(fields):
    NotificationFactory(**fields)

    with pytest.raises(CommandError, match="Notifications failed or are stuck"):
        status("--check")


def test_it_lists_failed_notifications():
    NotificationFactory(
        delivery=Delivery.FAILED,
        recipient__email="lead@region.example.eu",
        message="Skåne asks to join.",
        delivery_attempts=6,
    )
    NotificationFactory(delivery=Delivery.SENT, message="Delivered fine.")

    report = status("--failed")

    assert "to lead@region.example.eu after 6 attempt(s): Skåne asks to join." in report
    assert "Delivered fine." not in report


def test_it_requeues_failed_notifications_and_they_are_sent(
    mailoutbox, django_capture_on_commit_callbacks
):
    failed = NotificationFactory(delivery=Delivery.FAILED, delivery_attempts=6)
    untouched = NotificationFactory(delivery=Delivery.SKIPPED)

    with django_capture_on_commit_callbacks(execute=True):
        report = status("--requeue-failed")

    assert "requeued: 1\n" in report
    assert "failed: 0\n" in report
    failed.refresh_from_db()
    untouched.refresh_from_db()
    assert failed.delivery == Delivery.SENT
    assert untouched.delivery == Delivery.SKIPPED
    assert len(mailoutbox) == 1
