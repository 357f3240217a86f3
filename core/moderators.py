"""Commission moderators: who they are, and the permissions their group holds.

Each app declares on its config what moderators may do with its models
(`grants`, read by `core.app_config`, which calls `grant`); after every
migrate (and every flush, which empties the tables) `sync_moderators_group`
makes the group hold exactly those permissions, so a new model's
permissions reach an existing group. Moderators view everything and
change what they moderate; nobody deletes records that carry history
(they are archived or closed instead).
"""

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import AbstractUser, AnonymousUser, Group, Permission
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

MODERATORS_GROUP = "Commission moderators"
NOT_A_MODERATOR = _("Only Commission moderators may take this decision.")
ACTIONS = ("add", "change", "view")

# (app label, codename) of every permission the group holds.
_granted: set[tuple[str, str]] = set()


def moderators() -> QuerySet[AbstractUser]:
    """Commission staff: active staff users in the moderators group, and superusers."""
    return (
        get_user_model()
        .objects.filter(
            Q(groups__name=MODERATORS_GROUP) | Q(is_superuser=True), is_active=True, is_staff=True
        )
        .distinct()
    )


def is_moderator(user: AbstractUser | AnonymousUser) -> bool:
    """Whether `user` is one of `moderators()`."""
    # Most users are not staff: they are answered without a query.
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return user.is_superuser or moderators().filter(pk=user.pk).exists()


def grant(app_label: str, models: Iterable[str], actions: Iterable[str]) -> None:
    """Let moderators take `actions` ("add", "change", "view") on `models` of `app_label`."""
    actions = tuple(actions)
    unknown = set(actions) - set(ACTIONS)
    if unknown:
        raise ValueError(f"Moderators are never granted {sorted(unknown)}.")
    _granted.update((app_label, f"{action}_{model}") for model in models for action in actions)


def granted_permissions() -> QuerySet[Permission]:
    """The declared permissions, as a queryset of `Permission`."""
    wanted = Q(pk__in=[])
    for app_label, codename in _granted:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(wanted)


def sync_moderators_group(**kwargs: Any) -> None:
    """`post_migrate` receiver: the group exists and holds exactly the declared permissions."""
    # Permissions of apps later in INSTALLED_APPS may not exist yet.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    permissions = list(granted_permissions().select_related("content_type"))
    found = {(p.content_type.app_label, p.codename) for p in permissions}
    missing = _granted - found
    if missing:
        raise LookupError(f"Moderators are granted permissions that do not exist: {missing}")
    group, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.set(permissions)
