from django import template

from ..follows import followable_of
from ..services import followed_ids

register = template.Library()


@register.inclusion_tag("notifications/includes/follow_form.html", takes_context=True)
def follow_button(context, target):
    """A follow or unfollow button for `target`, for signed-in users; nothing for others."""
    request = context["request"]
    followable = followable_of(target)
    if followable is None or not request.user.is_authenticated:
        return {"show": False}
    return {
        "show": True,
        "kind": followable.key,
        "target": target,
        "key": getattr(target, followable.lookup),
        "following": target.pk in _followed_ids(request, followable.key, target),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


def _followed_ids(request, key, target):
    # One query per kind and request, however many buttons a list page shows.
    cache = request.__dict__.setdefault("_followed_ids", {})
    if key not in cache:
        cache[key] = followed_ids(request.user, target)
    return cache[key]
