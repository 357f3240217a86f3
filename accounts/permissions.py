from allauth.account.models import EmailAddress
from django.utils.translation import gettext_lazy as _

MODERATORS_GROUP = "Commission moderators"


def is_moderator(user):
    """Commission staff: staff users in the moderators group (or superusers)."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    return any(group.name == MODERATORS_GROUP for group in user.groups.all())


NOT_A_MODERATOR = _("Only Commission moderators may take this decision.")


def has_verified_email(user):
    """Only a verified e-mail address lets a user ask to act for an organisation."""
    return (
        user.is_authenticated
        and EmailAddress.objects.filter(user=user, verified=True, email__iexact=user.email).exists()
    )
