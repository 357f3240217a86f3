"""Celery tasks that e-mail notifications: idempotent, each notification claimed once."""

import datetime
import hashlib
import logging
from collections import defaultdict

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db.models import Exists, F, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from core.mail import AfterFailure, after_failure, claim_lease, mail_domain
from core.text import single_line

from .choices import Delivery, Frequency
from .models import Notification, Preference

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def deliver_notifications(notification_ids: list[int]) -> int:
    """Queue each notification's own delivery, from a worker.

    A request that tells hundreds of people (a join request, to an area's
    leads' representatives) queues this one task, not hundreds: their
    publishing was most of such a request, and with the broker down each
    would have waited for its own timeout. A fan-out lost with its worker
    is queued again (late acknowledgement), and the sweep queues whatever
    still waits after that.
    """
    for notification_id in notification_ids:
        deliver_notification.delay(notification_id)
    return len(notification_ids)


@shared_task(bind=True, acks_late=True, max_retries=5, retry_backoff=True, retry_jitter=True)
def deliver_notification(self, notification_id):
    """E-mail one notification, unless another task has claimed it.

    However often it is queued, it is sent once. A worker killed after the
    mail server took the e-mail and before the SENT update commits (a few
    milliseconds) leaves the claim: once the lease is over, the sweep sends
    the e-mail again with the same Message-ID, by which receiving mail
    systems de-duplicate it. Nothing is lost.
    """
    if not _claim(notification_id, Delivery.PENDING, timezone.now(), digest=""):
        return "already handled"
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    try:
        _send(notification)
    except Exception as exc:
        # After the last retry, a message the mail server refused for good
        # fails, so the sweep does not queue it again; one it could not take
        # for now waits for the sweep.
        outcome = after_failure(self, exc)
        failed = outcome is AfterFailure.FAIL
        Notification.objects.filter(pk=notification_id).update(
            delivery=Delivery.FAILED if failed else Delivery.PENDING
        )
        if outcome is AfterFailure.RETRY:
            raise self.retry(exc=exc) from exc
        logger.exception("Notification %s could not be e-mailed (%s)", notification_id, outcome)
        return outcome.value
    Notification.objects.filter(pk=notification_id).update(
        delivery=Delivery.SENT, emailed_at=timezone.now()
    )
    return "sent"


def _claim(notification_id, waiting, now, digest):
    """Take one notification from `waiting` to SENDING; False if someone else has it.

    A conditional update, so two workers (or a retry racing the sweep) never
    both send the same e-mail. `digest` is the frequency of the digest it
    goes into, empty for an e-mail of its own.
    """
    return Notification.objects.filter(pk=notification_id, delivery=waiting).update(
        delivery=Delivery.SENDING,
        claimed_at=now,
        digest=digest,
        delivery_attempts=F("delivery_attempts") + 1,
    )


def _message_id(prefix, notifications):
    """The Message-ID of the e-mail of these notifications: the same at every attempt.

    The token covers when each was created, so that a database rebuilt from
    scratch, whose ids start again at 1, does not reuse the Message-ID of an
    e-mail sent before (mail systems would drop the new one as a duplicate).
    """
    rows = sorted((n.pk, n.created_at.isoformat()) for n in notifications)
    token = hashlib.sha256(repr(rows).encode()).hexdigest()[:20]
    return f"<{prefix}.{token}@{mail_domain()}>"


def _send(notification):
    _email(
        notification.recipient,
        f"[S3P] {notification.message}",
        "notifications/email/notification",
        {"notification": notification},
        _message_id(f"notification-{notification.pk}", [notification]),
    )


# "[S3P] " and the first 120 characters of a notification's message.
SUBJECT_LENGTH = 126


def _email(recipient, subject, template, context, message_id):
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
        # One line by construction: a message or reason may hold line breaks.
        subject=single_line(subject, SUBJECT_LENGTH),
        body=text,
        to=[recipient.email],
        reply_to=[settings.NOTIFICATIONS_REPLY_TO] if settings.NOTIFICATIONS_REPLY_TO else None,
        headers={"List-Unsubscribe": f"<{preferences_url}>", "Message-ID": message_id},
    )
    message.attach_alternative(html, "text/html")
    message.send()


@shared_task
def sweep_undelivered():
    """Re-queue what waits after a delay (broker or worker was down) or a dead worker held.

    A claim older than the lease belongs to a worker that died, perhaps once
    the mail server had taken its e-mail: that e-mail is queued again, a
    digest as the same digest, so it goes out with the same Message-ID.
    Returns the number of e-mails queued.
    """
    now = timezone.now()
    expired = Notification.objects.filter(delivery=Delivery.SENDING).filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - claim_lease())
    )
    expired.filter(digest="").update(delivery=Delivery.PENDING)
    # One claim, one digest: its items share recipient, frequency and claim time.
    digests = defaultdict(list)
    claims = expired.exclude(digest="").order_by("pk")
    for pk, *claim in claims.values_list("pk", "recipient", "digest", "claimed_at"):
        digests[tuple(claim)].append(pk)
    for (user_id, frequency, _claimed_at), notification_ids in digests.items():
        send_digest.delay(user_id, frequency, notification_ids)
    cutoff = now - datetime.timedelta(seconds=settings.NOTIFICATIONS_SWEEP_AFTER)
    waiting = Notification.objects.filter(delivery=Delivery.PENDING, created_at__lt=cutoff)
    ids = list(waiting.values_list("pk", flat=True)[:500])
    for notification_id in ids:
        deliver_notification.delay(notification_id)
    return len(digests) + len(ids)


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
def send_digest(self, user_id, frequency, notification_ids=None):
    """E-mail one user everything waiting for their digest, newest first, each item once.

    Items are claimed one by one as the immediate path does, so a digest
    queued twice (or racing the next day's) never repeats one. Its
    Message-ID derives from the recipient, the frequency and the items.

    A worker killed after the claim leaves the items SENDING, perhaps after
    the mail server took the digest. Once the lease is over, the sweep queues
    this task again with `notification_ids`, the items of that claim: the
    same digest goes out again with the same Message-ID, by which receiving
    mail systems de-duplicate it. Nothing is lost.
    """
    now = timezone.now()
    if notification_ids is None:
        candidates = waiting_for_digest(frequency).filter(recipient_id=user_id, created_at__lte=now)
        claimed = [
            pk
            for pk in candidates.values_list("pk", flat=True)
            if _claim(pk, Delivery.DIGEST, now, digest=frequency)
        ]
    else:
        claimed = notification_ids if _take_over(notification_ids, now) else []
    if not claimed:
        return 0
    notifications = list(Notification.objects.filter(pk__in=claimed).order_by("-created_at", "-pk"))
    recipient = get_user_model().objects.get(pk=user_id)
    try:
        _send_digest(recipient, frequency, notifications)
    except Exception as exc:
        # Items the mail server could not take for now wait for the next digest.
        outcome = after_failure(self, exc)
        failed = outcome is AfterFailure.FAIL
        Notification.objects.filter(pk__in=claimed).update(
            delivery=Delivery.FAILED if failed else Delivery.DIGEST
        )
        if outcome is not AfterFailure.RETRY:
            logger.exception("The digest of user %s could not be e-mailed (%s)", user_id, outcome)
            return 0
        # The items wait for a digest again: the retry is an ordinary digest, of
        # whatever waits by then, not the take-over of a dead worker's claim.
        raise self.retry(exc=exc, args=[user_id, frequency]) from exc
    Notification.objects.filter(pk__in=claimed).update(
        delivery=Delivery.SENT, emailed_at=timezone.now()
    )
    return len(claimed)


def _take_over(notification_ids, now):
    """Claim again the items of a digest whose claim expired; False if another task has."""
    return Notification.objects.filter(
        pk__in=notification_ids, delivery=Delivery.SENDING, claimed_at__lt=now - claim_lease()
    ).update(claimed_at=now, delivery_attempts=F("delivery_attempts") + 1)


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
        _message_id(f"digest-{frequency}-{recipient.pk}", notifications),
    )
