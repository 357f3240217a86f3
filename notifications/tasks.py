"""Celery tasks that e-mail notifications: idempotent, each notification claimed once."""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db.models import Exists, F, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from .choices import Delivery, Frequency
from .models import Notification, Preference

logger = logging.getLogger(__name__)


def claim_lease():
    """A claim older than this belongs to a worker that died (see NOTIFICATIONS_CLAIM_LEASE)."""
    return datetime.timedelta(seconds=settings.NOTIFICATIONS_CLAIM_LEASE)


@shared_task(bind=True, acks_late=True, max_retries=5, retry_backoff=True, retry_jitter=True)
def deliver_notification(self, notification_id):
    """E-mail one notification, unless another task has claimed it.

    However often it is queued, it is sent once. One case sends it twice: a
    worker killed after the mail server took the e-mail and before the SENT
    update commits (a few milliseconds) leaves the claim, and the sweep
    sends the e-mail again once the lease is over. No e-mail is ever lost
    for that; de-duplicating it would need the mail server to take part.
    """
    if not _claim(notification_id, Delivery.PENDING, timezone.now()):
        return "already handled"
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    try:
        _send(notification)
    except Exception as exc:
        # Give up after the last retry, so the sweep does not re-queue a
        # message that the mail server keeps refusing.
        final = self.request.retries >= self.max_retries
        Notification.objects.filter(pk=notification_id).update(
            delivery=Delivery.FAILED if final else Delivery.PENDING
        )
        if final:
            logger.exception("Notification %s could not be e-mailed", notification_id)
            return "failed"
        raise self.retry(exc=exc) from exc
    Notification.objects.filter(pk=notification_id).update(
        delivery=Delivery.SENT, emailed_at=timezone.now()
    )
    return "sent"


def _claim(notification_id, waiting, now):
    """Take one notification from `waiting` to SENDING; False if someone else has it.

    A conditional update, so two workers (or a retry racing the sweep) never
    both send the same e-mail.
    """
    return Notification.objects.filter(pk=notification_id, delivery=waiting).update(
        delivery=Delivery.SENDING,
        claimed_at=now,
        delivery_attempts=F("delivery_attempts") + 1,
    )


def _send(notification):
    _email(
        notification.recipient,
        f"[S3P] {notification.message[:120]}",
        "notifications/email/notification",
        {"notification": notification},
    )


def _email(recipient, subject, template, context):
    with translation.override(settings.LANGUAGE_CODE):
        preferences_url = settings.SITE_URL + reverse("notifications:preferences")
        context = {
            **context,
            "recipient": recipient,
            "site_url": settings.SITE_URL,
            "preferences_url": preferences_url,
        }
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[recipient.email],
        reply_to=[settings.NOTIFICATIONS_REPLY_TO] if settings.NOTIFICATIONS_REPLY_TO else None,
        headers={"List-Unsubscribe": f"<{preferences_url}>"},
    )
    message.attach_alternative(html, "text/html")
    message.send()


@shared_task
def sweep_undelivered():
    """Re-queue notifications still waiting after a delay (broker or worker was down)."""
    now = timezone.now()
    Notification.objects.filter(delivery=Delivery.SENDING).filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - claim_lease())
    ).update(delivery=Delivery.PENDING)
    cutoff = now - datetime.timedelta(seconds=settings.NOTIFICATIONS_SWEEP_AFTER)
    waiting = Notification.objects.filter(delivery=Delivery.PENDING, created_at__lt=cutoff)
    ids = list(waiting.values_list("pk", flat=True)[:500])
    for notification_id in ids:
        deliver_notification.delay(notification_id)
    return len(ids)


def waiting_for_digest(frequency):
    """Notifications kept for the daily or the weekly digest of their recipient.

    The recipient's current preference decides: weekly for the kinds they
    set to weekly; daily for the rest, which includes kinds switched back to
    "immediately" since (those already waiting go out with the next digest).
    """
    weekly = Preference.objects.filter(
        user=OuterRef("recipient"), kind=OuterRef("kind"), frequency=Frequency.WEEKLY
    )
    waiting = Notification.objects.filter(delivery=Delivery.DIGEST, recipient__is_active=True)
    if frequency == Frequency.WEEKLY:
        return waiting.filter(Exists(weekly))
    return waiting.exclude(Exists(weekly))


def _queue_digests(frequency):
    recipients = waiting_for_digest(frequency).order_by().values_list("recipient", flat=True)
    recipient_ids = sorted(set(recipients))
    for recipient_id in recipient_ids:
        send_digest.delay(recipient_id, frequency)
    return len(recipient_ids)


@shared_task
def send_daily_digests():
    """Queue one digest e-mail per user with notifications waiting for the daily digest."""
    return _queue_digests(Frequency.DAILY)


@shared_task
def send_weekly_digests():
    return _queue_digests(Frequency.WEEKLY)


@shared_task(bind=True, acks_late=True, max_retries=5, retry_backoff=True, retry_jitter=True)
def send_digest(self, user_id, frequency):
    """E-mail one user everything waiting for their digest, newest first, each item once.

    Items are claimed one by one as the immediate path does, so a digest
    queued twice (or racing the next day's) never repeats one. A worker dying
    after the claim leaves them SENDING: the sweep then e-mails them one by one.
    """
    now = timezone.now()
    candidates = waiting_for_digest(frequency).filter(recipient_id=user_id, created_at__lte=now)
    claimed = [
        pk for pk in candidates.values_list("pk", flat=True) if _claim(pk, Delivery.DIGEST, now)
    ]
    if not claimed:
        return 0
    notifications = list(Notification.objects.filter(pk__in=claimed).order_by("-created_at", "-pk"))
    recipient = get_user_model().objects.get(pk=user_id)
    try:
        _send_digest(recipient, frequency, notifications)
    except Exception as exc:
        final = self.request.retries >= self.max_retries
        Notification.objects.filter(pk__in=claimed).update(
            delivery=Delivery.FAILED if final else Delivery.DIGEST
        )
        if final:
            logger.exception("The digest of user %s could not be e-mailed", user_id)
            return 0
        raise self.retry(exc=exc) from exc
    Notification.objects.filter(pk__in=claimed).update(
        delivery=Delivery.SENT, emailed_at=timezone.now()
    )
    return len(claimed)


def _send_digest(recipient, frequency, notifications):
    count = len(notifications)
    with translation.override(settings.LANGUAGE_CODE):
        if frequency == Frequency.WEEKLY:
            subject = ngettext(
                "[S3P] Your weekly digest: %(count)d notification",
                "[S3P] Your weekly digest: %(count)d notifications",
                count,
            )
        else:
            subject = ngettext(
                "[S3P] Your daily digest: %(count)d notification",
                "[S3P] Your daily digest: %(count)d notifications",
                count,
            )
    _email(
        recipient,
        subject % {"count": count},
        "notifications/email/digest",
        {"notifications": notifications, "weekly": frequency == Frequency.WEEKLY},
    )
