"""E-mails that are not notifications go through the outbox: a mail server that is down
makes no request fail, and the e-mail goes out once it is back."""

import datetime
import smtplib

import pytest
from django.core import mail as django_mail
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from core.mail import queue_email
from core.models import EmailStatus, OutgoingEmail
from core.tasks import send_outgoing_email, sweep_outgoing_emails
from regions import services
from tests.accounts.factories import PASSWORD, UserFactory
from tests.regions.factories import RegionFactory, representative_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    return monkeypatch


def smtp_back(smtp_down, settings):
    smtp_down.undo()
    settings.NOTIFICATIONS_SWEEP_AFTER = 0
    return sweep_outgoing_emails()


def test_sign_up_with_the_mail_server_down_succeeds_and_the_e_mail_goes_out_later(
    client, smtp_down, settings, mailoutbox
):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "ana@region.example.eu",
            "display_name": "Ana Costa",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    waiting = OutgoingEmail.objects.get()
    assert waiting.status == EmailStatus.PENDING
    assert waiting.recipient == "ana@region.example.eu"
    assert mailoutbox == []

    assert smtp_back(smtp_down, settings) == 1
    assert [m.to for m in mailoutbox] == [["ana@region.example.eu"]]
    assert mailoutbox[0].subject.startswith("[S3P Industrial Modernisation] Confirm")
    assert mailoutbox[0].extra_headers["Message-ID"] == waiting.headers["Message-ID"]
    assert OutgoingEmail.objects.get().status == EmailStatus.SENT


def test_a_password_reset_with_the_mail_server_down_succeeds(client, smtp_down):
    UserFactory(email="reset@example.eu")

    response = client.post(reverse("account_reset_password"), {"email": "reset@example.eu"})

    assert response.status_code == 302
    assert OutgoingEmail.objects.get().status == EmailStatus.PENDING


def test_an_invitation_is_kept_with_its_e_mail_and_sent_once_the_server_is_back(
    smtp_down, settings, mailoutbox
):
    region = RegionFactory()

    invitation = services.invite_colleague(
        user=representative_of(region), region=region, email="colleague@example.eu"
    )

    assert invitation.pk
    assert OutgoingEmail.objects.get().status == EmailStatus.PENDING
    smtp_back(smtp_down, settings)
    assert [m.to for m in mailoutbox] == [["colleague@example.eu"]]


def test_an_e_mail_a_dead_worker_held_goes_out_again_with_the_same_message_id(settings, mailoutbox):
    held = OutgoingEmail.objects.create(
        recipient="ana@example.eu",
        from_email="portal@example.eu",
        subject="Confirm",
        body="Please confirm.",
        headers={"Message-ID": "<held.1@example.eu>"},
        status=EmailStatus.SENDING,
        claimed_at=timezone.now() - datetime.timedelta(hours=1),
    )

    sweep_outgoing_emails()

    assert [m.extra_headers["Message-ID"] for m in mailoutbox] == ["<held.1@example.eu>"]
    held.refresh_from_db()
    assert held.status == EmailStatus.SENT
    assert held.attempts == 1


def test_an_e_mail_being_sent_is_not_sent_twice(settings, mailoutbox):
    settings.NOTIFICATIONS_SWEEP_AFTER = 0
    OutgoingEmail.objects.create(
        recipient="ana@example.eu",
        from_email="portal@example.eu",
        subject="Confirm",
        body="Please confirm.",
        status=EmailStatus.SENDING,
        claimed_at=timezone.now(),
    )

    assert sweep_outgoing_emails() == 0
    assert django_mail.outbox == mailoutbox == []


@pytest.mark.parametrize(
    ("failure", "left_as"),
    [
        (ConnectionRefusedError("SMTP down"), EmailStatus.PENDING),
        (smtplib.SMTPConnectError(421, b"Service not available"), EmailStatus.PENDING),
        (
            smtplib.SMTPRecipientsRefused({"x@example.eu": (550, b"No such mailbox")}),
            EmailStatus.FAILED,
        ),
        (smtplib.SMTPDataError(554, b"Message rejected"), EmailStatus.FAILED),
    ],
    ids=["refused-connection", "421", "550-recipient", "554-message"],
)
def test_after_the_last_retry_only_a_refusal_for_good_fails(
    monkeypatch, settings, mailoutbox, failure, left_as
):
    """A mail server down longer than the retries loses nothing: the sweep sends it later."""
    monkeypatch.setattr(
        "django.core.mail.EmailMultiAlternatives.send",
        lambda *a, **k: (_ for _ in ()).throw(failure),
    )
    email = queue_email(EmailMessage("Subject", "Body", to=["x@example.eu"]))[0]

    send_outgoing_email.apply(args=[email.pk], retries=5)

    assert OutgoingEmail.objects.get().status == left_as
    monkeypatch.undo()
    settings.NOTIFICATIONS_SWEEP_AFTER = 0
    sweep_outgoing_emails()
    assert len(mailoutbox) == (1 if left_as == EmailStatus.PENDING else 0)
