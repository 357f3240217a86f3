"""What users may follow: a fixed list of kinds, each with the objects a user may see.

Each lookup imports the app that owns the objects when it is called: those
apps import `notifications` to notify, so this app's modules must not import
them at load time.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


def _visible_areas(user):
    from thematic_areas.permissions import visible_areas

    return visible_areas(user)


def _visible_partnerships(user):
    from partnerships.permissions import visible_partnerships

    return visible_partnerships(user)


def _calls(user):
    from partnerships.models import Call

    # Calls are public: the calls page lists every one of them.
    return Call.objects.all()


def _call_url(call):
    return f"{reverse('partnerships:call_list')}#call-{call.pk}"


@dataclass(frozen=True)
class Followable:
    key: str
    model_label: str
    visible_to: Callable
    url_of: Callable


FOLLOWABLES = {
    followable.key: followable
    for followable in (
        Followable(
            "area", "thematic_areas.thematicarea", _visible_areas, lambda o: o.get_absolute_url()
        ),
        Followable(
            "partnership",
            "partnerships.partnership",
            _visible_partnerships,
            lambda o: o.get_absolute_url(),
        ),
        Followable("call", "partnerships.call", _calls, _call_url),
    )
}


def followable_of(target):
    """The entry for `target`'s model, or None when such objects cannot be followed."""
    label = target._meta.label_lower
    return next((f for f in FOLLOWABLES.values() if f.model_label == label), None)


def find_visible(user, key, slug):
    """The object of kind `key` with `slug` that `user` may see, or None."""
    followable = FOLLOWABLES.get(key)
    if followable is None:
        return None
    return followable.visible_to(user).filter(slug=slug).first()
