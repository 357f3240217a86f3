"""Celery tasks that e-mail notifications: idempotent, at most once per notification."""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .choices import Delivery
from .models import Notification

logger = logging.getLogger(__name__)

SWEEP_AFTER = datetime.timedelta(minutes=5)
# Longer than any e-mail send can take (EMAIL_TIMEOUT), so a claim older than
# this belongs to a worker that died before sending.
CLAIM_LEASE = datetime.timedelta(minutes=10)


@shared_task(bind=True, acks_late=True, max_retries=5, retry_backoff=True, retry_jitter=True)
def deliver_notification(self, notification_id):
    # Claim with a conditional update, so two workers (or a retry racing the
    # sweep) never both send the same e-mail.
    claimed = Notification.objects.filter(pk=notification_id, delivery=Delivery.PENDING).update(
        delivery=Delivery.SENDING,
        claimed_at=timezone.now(),
        delivery_attempts=F("delivery_attempts") + 1,
    )
    if not claimed:
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


def _send(notification):
    context = {"notification": notification, "site_url": settings.SITE_URL}
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string("notifications/email/notification.txt", context)
        html = render_to_string("notifications/email/notification.html", context)
    message = EmailMultiAlternatives(
        subject=f"[S3P] {notification.message[:120]}",
        body=text,
        to=[notification.recipient.email],
        reply_to=[settings.NOTIFICATIONS_REPLY_TO] if settings.NOTIFICATIONS_REPLY_TO else None,
        headers={"List-Unsubscribe": f"<{settings.SITE_URL}/notifications/preferences/>"},
    )
    message.attach_alternative(html, "text/html")
    message.send()


@shared_task
def sweep_undelivered():
    """Re-queue notifications still waiting after a delay (broker or worker was down)."""
    now = timezone.now()
    Notification.objects.filter(delivery=Delivery.SENDING).filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE)
    ).update(delivery=Delivery.PENDING)
    cutoff = now - SWEEP_AFTER
    waiting = Notification.objects.filter(delivery=Delivery.PENDING, created_at__lt=cutoff)
    ids = list(waiting.values_list("pk", flat=True)[:500])
    for notification_id in ids:
        deliver_notification.delay(notification_id)
    return len(ids)
