"""What users may follow: the kinds the apps register, each with the objects a user may see.

The apps that own followable objects import `notifications` to notify, so
they register their kinds in their `AppConfig.ready()` (`register`) and this
app imports none of them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class Followable:
    key: str
    model_label: str
    visible_to: Callable[..., QuerySet]
    url_of: Callable[[Model], str]
    # The field that names an object in the follow URLs: its slug, or its id
    # for objects without one (priorities).
    lookup: str = "slug"


FOLLOWABLES: dict[str, Followable] = {}


def register(followable: Followable) -> None:
    """Let users follow objects of `followable.model_label`, under the URL kind `key`."""
    FOLLOWABLES[followable.key] = followable


def followable_of(target: Model) -> Followable | None:
    """The entry for `target`'s model, or None when such objects cannot be followed."""
    label = target._meta.label_lower
    return next((f for f in FOLLOWABLES.values() if f.model_label == label), None)


def find_visible(user, key: str, slug: str) -> Model | None:
    """The object of kind `key` named `slug` (its `lookup` field) that `user` may see, or None."""
    followable = FOLLOWABLES.get(key)
    if followable is None or (followable.lookup == "pk" and not slug.isdigit()):
        return None
    return followable.visible_to(user).filter(**{followable.lookup: slug}).first()
