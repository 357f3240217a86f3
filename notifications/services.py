"""Record notifications with the change that causes them; deliver after commit.

Callers pass the recipients (this app imports no other app of the portal);
the actor is never notified of their own action.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from .choices import Delivery, Frequency
from .models import Notification, Preference

logger = logging.getLogger(__name__)


def frequency_for(user, kind):
    preference = Preference.objects.filter(user=user, kind=kind).values_list("frequency", flat=True)
    return preference.first() or Frequency.IMMEDIATELY


def _initial_delivery(frequency):
    if frequency == Frequency.IMMEDIATELY:
        return Delivery.PENDING
    if frequency == Frequency.NEVER:
        return Delivery.SKIPPED
    return Delivery.DIGEST


def notify(*, recipients, kind, message, dedupe_key, url="", subject=None, actor=None):
    """Write one notification per recipient (at most once per dedupe key) and queue e-mails."""
    subject_type = ContentType.objects.get_for_model(subject) if subject is not None else None
    created = []
    for recipient in {user for user in recipients if user is not None and user != actor}:
        if not recipient.is_active:
            continue
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=recipient,
                    kind=kind,
                    message=message[:500],
                    url=url,
                    subject_type=subject_type,
                    subject_id=subject.pk if subject is not None else None,
                    dedupe_key=dedupe_key,
                    delivery=_initial_delivery(frequency_for(recipient, kind)),
                )
        except IntegrityError:
            continue
        created.append(notification)
    pending = [n.pk for n in created if n.delivery == Delivery.PENDING]
    if pending:
        transaction.on_commit(lambda: queue_delivery(pending))
    return created


def followers_of(target):
    """Active users following `target` (an area, partnership or call)."""
    return get_user_model().objects.filter(
        follows__target_type=ContentType.objects.get_for_model(target),
        follows__target_id=target.pk,
        is_active=True,
    )


def queue_delivery(notification_ids):
    """Hand delivery to Celery; if the broker is down, the periodic sweep retries later."""
    from .tasks import deliver_notification

    for notification_id in notification_ids:
        try:
            deliver_notification.delay(notification_id)
        except Exception:
            logger.exception("Could not queue notification %s; the sweep retries", notification_id)
