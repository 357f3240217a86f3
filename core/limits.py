"""Daily limits on what one user may ask for, against floods of proposals and requests.

The limits are counted from the database (rows the user created in the last
24 hours), so they hold across processes and restarts without a cache. The
count and the insert are not atomic: two requests racing at the limit may
both pass. That is acceptable for an abuse limit, which only has to stop
floods, not to be exact to the unit.
"""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .workflow import JoinRequest

if TYPE_CHECKING:
    # The stubs' name for the AUTH_USER_MODEL class, which the django-stubs
    # plugin resolves: the kernel imports no app, so not accounts.User itself.
    from django.contrib.auth.models import _User

WINDOW = datetime.timedelta(hours=24)

DEFAULT_LIMITS = {
    "proposals": 5,
    "join_requests": 20,
    "reports": 10,
    "postings": 10,
    "interests": 20,
    "messages": 200,
}

# Translated when the message is built, in the language of the request.
LABELS = {
    "proposals": lambda: _("thematic area proposals"),
    "join_requests": lambda: _("requests to join"),
    "reports": lambda: _("reports of content"),
    "postings": lambda: _("cooperation postings"),
    "interests": lambda: _("expressions of interest"),
    "messages": lambda: _("messages"),
}


def daily_limit(kind: str) -> int | None:
    """The configured limit for `kind`, or None when it is switched off."""
    limits = {**DEFAULT_LIMITS, **getattr(settings, "S3P_DAILY_LIMITS", {})}
    return limits.get(kind)


def join_request_models() -> list[type[JoinRequest]]:
    """Every concrete join request model (areas, partnerships…), found without importing apps."""
    return [model for model in apps.get_models() if issubclass(model, JoinRequest)]


def check_daily_limit(
    *, kind: str, querysets: Iterable[QuerySet[Model]], now: datetime.datetime | None = None
) -> None:
    """Raise a ValidationError saying when the user may try again, once `kind`'s limit is reached.

    `querysets` hold the user's own rows of this kind; each has `created_at`.
    """
    limit = daily_limit(kind)
    if limit is None:
        return
    now = now or timezone.now()
    since = now - WINDOW
    recent = sorted(
        created
        for queryset in querysets
        for created in queryset.filter(created_at__gt=since).values_list("created_at", flat=True)
    )
    if len(recent) < limit:
        return
    # The oldest rows still in the window drop out first: once enough of them
    # are older than 24 hours, the user is under the limit again.
    retry_at = recent[len(recent) - limit] + WINDOW
    raise ValidationError(
        _(
            "You have reached the limit of %(limit)d %(what)s in 24 hours. "
            "You can try again after %(when)s."
        )
        % {
            "limit": limit,
            "what": LABELS[kind](),
            "when": formats.date_format(timezone.localtime(retry_at), "DATETIME_FORMAT"),
        },
        code="daily_limit",
    )


def check_join_request_limit(user: "_User") -> None:
    check_daily_limit(
        kind="join_requests",
        # The default manager: `objects` of each concrete model (the abstract base declares none).
        querysets=[
            model._default_manager.filter(requested_by=user) for model in join_request_models()
        ],
    )
