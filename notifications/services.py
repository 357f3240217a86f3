"""Record notifications with the change that causes them; deliver after commit.

Callers pass the recipients (this app imports no other app of the portal);
the actor is never notified of their own action.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import Delivery, Frequency, Kind
from .models import Follow, Notification, Preference

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


def mark_read(*, user, notification_id):
    """Mark one of the user's notifications read; return False if it is not theirs."""
    mine = Notification.objects.filter(pk=notification_id, recipient=user)
    if not mine.exists():
        return False
    mine.filter(read_at__isnull=True).update(read_at=timezone.now())
    return True


def mark_all_read(*, user):
    """Mark every unread notification of the user read; return how many there were."""
    return Notification.objects.filter(recipient=user).unread().update(read_at=timezone.now())


def frequencies_of(user):
    """The user's e-mail frequency for every kind, the default where they chose none."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "frequency"))
    return {kind: chosen.get(kind, Frequency.IMMEDIATELY) for kind in Kind.values}


def save_preferences(*, user, frequencies):
    """Store the user's choice per kind; unknown kinds or frequencies write nothing.

    Notifications kept for a digest of a kind now set to "never" are not
    e-mailed any more: the user said they no longer want those e-mails.
    """
    unknown = set(frequencies) - set(Kind.values)
    bad = {kind for kind, value in frequencies.items() if value not in Frequency.values}
    if unknown or bad:
        raise ValidationError(
            _("Unknown kinds %(unknown)s or frequencies for %(bad)s.")
            % {"unknown": ", ".join(sorted(unknown)), "bad": ", ".join(sorted(bad))}
        )
    with transaction.atomic():
        for kind, frequency in frequencies.items():
            Preference.objects.update_or_create(
                user=user, kind=kind, defaults={"frequency": frequency}
            )
        never = [kind for kind, frequency in frequencies.items() if frequency == Frequency.NEVER]
        Notification.objects.filter(
            recipient=user, kind__in=never, delivery=Delivery.DIGEST
        ).update(delivery=Delivery.SKIPPED)


def _follows_of(user, target):
    return Follow.objects.filter(
        user=user, target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    )


def followed_ids(user, model):
    """The ids of the objects of `model` (a class or an instance) that `user` follows."""
    follows = Follow.objects.filter(user=user, target_type=ContentType.objects.get_for_model(model))
    return set(follows.values_list("target_id", flat=True))


def follow(*, user, target):
    """Follow `target`; following it again changes nothing."""
    Follow.objects.get_or_create(
        user=user, target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    )


def unfollow(*, user, target):
    _follows_of(user, target).delete()


def followed_by(user, model, slug):
    """The object of `model` with `slug` that `user` follows, or None."""
    followed = Follow.objects.filter(
        user=user, target_type=ContentType.objects.get_for_model(model)
    ).values("target_id")
    return model.objects.filter(slug=slug, pk__in=followed).first()


def forget_deleted_account(sender, *, user, **kwargs):
    """A closed account gets nothing more: its notifications, preferences and follows go."""
    user.notifications.all().delete()
    user.notification_preferences.all().delete()
    user.follows.all().delete()
