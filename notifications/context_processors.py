from .models import Notification


def notifications(request):
    """The unread count shown in the header: one COUNT query, for signed-in users only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications_count": Notification.objects.filter(recipient=user).unread().count()
    }
