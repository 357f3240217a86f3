from core.moderators import is_moderator

from . import moderation


def moderation_count(request):
    """How many records wait for the moderators, in the header of a moderator's pages only."""
    user = getattr(request, "user", None)
    if user is None or not is_moderator(user):
        return {}
    return {"moderation_queue": {"waiting": moderation.waiting_count()}}
