"""After its last retry, a notification the mail server could not take for now waits for the
sweep; only one it refused for good (a 5xx reply) fails."""

import smtplib

import pytest

from notifications.choices import Delivery
from notifications.models import Notification
from notifications.tasks import deliver_notification, sweep_undelivered
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def mail_server_answers(monkeypatch, failure):
    monkeypatch.setattr(
        "django.core.mail.EmailMultiAlternatives.send",
        lambda *a, **k: (_ for _ in ()).throw(failure),
    )


def test_a_mail_server_down_longer_than_the_retries_loses_nothing(
    monkeypatch, settings, mailoutbox
):
    notification = NotificationFactory(delivery=Delivery.PENDING)
    mail_server_answers(monkeypatch, ConnectionRefusedError("SMTP down"))

    assert deliver_notification.apply(args=[notification.pk], retries=5).get() == "waiting"
    assert Notification.objects.get().delivery == Delivery.PENDING

    monkeypatch.undo()
    settings.NOTIFICATIONS_SWEEP_AFTER = 0
    assert sweep_undelivered() == 1
    assert Notification.objects.get().delivery == Delivery.SENT
    assert [m.to for m in mailoutbox] == [[notification.recipient.email]]


def test_a_recipient_refused_for_good_fails_and_is_not_swept_again(
    monkeypatch, settings, mailoutbox
):
    notification = NotificationFactory(delivery=Delivery.PENDING)
    refused = smtplib.SMTPRecipientsRefused({notification.recipient.email: (550, b"No mailbox")})
    mail_server_answers(monkeypatch, refused)

    assert deliver_notification.apply(args=[notification.pk], retries=5).get() == "failed"
    assert Notification.objects.get().delivery == Delivery.FAILED

    settings.NOTIFICATIONS_SWEEP_AFTER = 0
    assert sweep_undelivered() == 0
    assert mailoutbox == []
