"""Private calendar addresses: each user's own iCal feed, behind a secret they can revoke.

Calendar programs cannot sign in, so the address itself is the key: a
random secret, of which only a SHA-256 digest is kept. Making a new one
ends the old one.
"""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from .models import CalendarFeed

# A feed read more often than this is not written to again (calendar programs poll).
LAST_USED_PRECISION = datetime.timedelta(hours=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_feed(user: User) -> str:
    """A new secret for the user's private calendar; any earlier one stops working."""
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.update_or_create(
            user=user,
            defaults={
                "digest": _digest(secret),
                "created_at": timezone.now(),
                "last_used_at": None,
            },
        )
    return secret


def revoke_feed(user: User) -> bool:
    """End the user's private calendar address; False if they had none."""
    deleted, _by_model = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)


def feed_owner(secret: str) -> User | None:
    """The active user whose private calendar `secret` opens, or None."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(digest=_digest(secret), user__is_active=True)
        .first()
    )
    if feed is None:
        return None
    now = timezone.now()
    if feed.last_used_at is None or feed.last_used_at < now - LAST_USED_PRECISION:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed.user
