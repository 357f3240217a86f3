"""Record notifications with the change that causes them; deliver after commit.

Callers pass the recipients (this app imports no other app of the portal);
the actor is never notified of their own action.
"""

import logging
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import Delivery, Frequency, Kind, default_frequency
from .models import Follow, Notification, Preference

if TYPE_CHECKING:
    # The stubs' name for the AUTH_USER_MODEL class, which the django-stubs
    # plugin resolves: this app imports no other app, so not accounts.User itself.
    from django.contrib.auth.models import _User

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=Model)


def _initial_delivery(frequency: str) -> Delivery:
    if frequency == Frequency.IMMEDIATELY:
        return Delivery.PENDING
    if frequency == Frequency.NEVER:
        return Delivery.SKIPPED
    return Delivery.DIGEST


def _insert_once(notification: Notification) -> bool:
    try:
        with transaction.atomic():
            notification.save(force_insert=True)
    except IntegrityError:
        return False
    return True


def notify(
    *,
    recipients: Iterable[AbstractUser | None],
    kind: str,
    message: str,
    dedupe_key: str,
    url: str = "",
    subject: Model | None = None,
    actor: AbstractUser | None = None,
) -> list[Notification]:
    """Write one notification per recipient (at most once per dedupe key) and queue e-mails."""
    subject_type = ContentType.objects.get_for_model(subject) if subject is not None else None
    # Every recipient is a row of AUTH_USER_MODEL; some callers pass `core.moderators.moderators()`,
    # typed with AbstractUser because the kernel names no app.
    users = cast("set[_User]", {user for user in recipients if user is not None and user != actor})
    active = [user for user in users if user.is_active]
    # A handful of queries for any number of recipients (an area's leads may be dozens).
    already = set(
        Notification.objects.filter(recipient__in=active, dedupe_key=dedupe_key).values_list(
            "recipient", flat=True
        )
    )
    fresh = [user for user in active if user.pk not in already]
    chosen = dict(
        Preference.objects.filter(user__in=fresh, kind=kind).values_list("user", "frequency")
    )
    rows = [
        Notification(
            recipient=recipient,
            kind=kind,
            message=message[:500],
            url=url,
            subject_type=subject_type,
            subject_id=subject.pk if subject is not None else None,
            dedupe_key=dedupe_key,
            delivery=_initial_delivery(chosen.get(recipient.pk) or default_frequency(kind)),
        )
        for recipient in fresh
    ]
    try:
        with transaction.atomic():
            created = Notification.objects.bulk_create(rows)
    except IntegrityError:
        # The same event recorded at the same moment elsewhere: keep the rows it did not write.
        created = [row for row in rows if _insert_once(row)]
    pending = [n.pk for n in created if n.delivery == Delivery.PENDING]
    if pending:
        transaction.on_commit(lambda: queue_delivery(pending))
    return created


def notify_about(
    subject: Any,
    *,
    recipients: Iterable[AbstractUser | None],
    kind: str,
    message: str,
    dedupe_key: str,
    actor: AbstractUser | None = None,
    url: str = "",
) -> list[Notification]:
    """`notify` of something that happened to `subject` (a model with a page: an area, a
    project, an event…), linking its page unless `url` says otherwise."""
    return notify(
        recipients=recipients,
        kind=kind,
        message=message,
        url=url or subject.get_absolute_url(),
        subject=subject,
        actor=actor,
        dedupe_key=dedupe_key,
    )


def followers_of(target: Model) -> QuerySet["_User"]:
    """Active users following `target` (an area, partnership or call)."""
    return get_user_model().objects.filter(
        follows__target_type=ContentType.objects.get_for_model(target),
        follows__target_id=target.pk,
        is_active=True,
    )


def queue_delivery(notification_ids: Iterable[int]) -> None:
    """Hand delivery to Celery, one task for them all (`deliver_notifications`); if the
    broker is down, the periodic sweep retries later."""
    from .tasks import deliver_notifications

    ids = list(notification_ids)
    try:
        deliver_notifications.delay(ids)
    except Exception:
        logger.exception("Could not queue notifications %s; the sweep retries", ids)


def mark_read(*, user: "_User", notification_id: int) -> bool:
    """Mark one of the user's notifications read; return False if it is not theirs."""
    mine = Notification.objects.filter(pk=notification_id, recipient=user)
    if not mine.exists():
        return False
    mine.filter(read_at__isnull=True).update(read_at=timezone.now())
    return True


def mark_read_about(*, user: "_User", kind: str, subject: Model) -> int:
    """Mark read the user's notifications of `kind` about `subject`, which they now see
    (the messages of a conversation they open); return how many there were."""
    about = Notification.objects.filter(
        recipient=user,
        kind=kind,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
    )
    return about.unread().update(read_at=timezone.now())


def unread_about(user: "_User", kind: str, model: type[Model]) -> dict[int, int]:
    """How many unread notifications of `kind` the user has about each object of `model`
    (by id): the unread messages of each conversation, in one query."""
    rows = (
        Notification.objects.filter(
            recipient=user, kind=kind, subject_type=ContentType.objects.get_for_model(model)
        )
        .unread()
        .values("subject_id")
        .annotate(unread=Count("pk"))
        .values_list("subject_id", "unread")
    )
    return dict(rows)


def mark_all_read(*, user: "_User") -> int:
    """Mark every unread notification of the user read; return how many there were."""
    return Notification.objects.filter(recipient=user).unread().update(read_at=timezone.now())


def frequencies_of(user: "_User") -> dict[str, str]:
    """The user's e-mail frequency for every kind, the default where they chose none."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "frequency"))
    return {kind: chosen.get(kind, default_frequency(kind)) for kind in Kind.values}


def save_preferences(*, user: "_User", frequencies: Mapping[str, str]) -> None:
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


def _follows_of(user: "_User", target: Model) -> QuerySet[Follow]:
    return Follow.objects.filter(
        user=user, target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    )


def followed_ids(user: "_User", model: Model | type[Model]) -> set[int]:
    """The ids of the objects of `model` (a class or an instance) that `user` follows."""
    follows = Follow.objects.filter(user=user, target_type=ContentType.objects.get_for_model(model))
    return set(follows.values_list("target_id", flat=True))


def follow(*, user: "_User", target: Model) -> None:
    """Follow `target`; following it again changes nothing."""
    Follow.objects.get_or_create(
        user=user, target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    )


def unfollow(*, user: "_User", target: Model) -> None:
    _follows_of(user, target).delete()


def followed_by(user: "_User", model: type[M], slug: str, lookup: str = "slug") -> M | None:
    """The object of `model` named `slug` (its `lookup` field) that `user` follows, or None."""
    if lookup == "pk" and not slug.isdigit():
        return None
    followed = Follow.objects.filter(
        user=user, target_type=ContentType.objects.get_for_model(model)
    ).values("target_id")
    return model._default_manager.filter(**{lookup: slug}, pk__in=followed).first()


def followers_of_any(targets: Iterable[Model]) -> QuerySet["_User"]:
    """Active users following at least one of `targets` (objects of one model); a user
    following several comes once per follow, as `notify` takes each recipient once."""
    targets = list(targets)
    if not targets:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(
        follows__target_type=ContentType.objects.get_for_model(targets[0]),
        follows__target_id__in=[target.pk for target in targets],
        is_active=True,
    )


def forget_deleted_account(sender: object, *, user: "_User", **kwargs: Any) -> None:
    """A closed account gets nothing more: its notifications, preferences and follows go."""
    user.notifications.all().delete()
    user.notification_preferences.all().delete()
    user.follows.all().delete()
