from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser

from .models import User


def has_verified_email(user: User | AnonymousUser) -> bool:
    """Only a verified e-mail address lets a user ask to act for an organisation."""
    return (
        user.is_authenticated
        and EmailAddress.objects.filter(user=user, verified=True, email__iexact=user.email).exists()
    )
