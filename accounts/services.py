import secrets

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from .models import User
from .signals import account_deleted

# RFC 2606 reserves .invalid: an address there can never receive mail.
DELETED_EMAIL_DOMAIN = "deleted.invalid"


def deleted_email(user: User) -> str:
    """A unique, non-routable placeholder for the e-mail address of a deleted account."""
    return f"deleted-{user.pk}-{secrets.token_hex(4)}@{DELETED_EMAIL_DOMAIN}"


def is_deleted(user: User) -> bool:
    return user.email.endswith(f"@{DELETED_EMAIL_DOMAIN}")


def delete_account(user: User) -> User:
    """Close an account the GDPR way: anonymise the person, keep what they decided.

    The row stays, so every decision, approval, publication and request that
    points to the user still does, now to a nameless account that can never
    log in again. Their e-mail addresses and API tokens go, and each app
    ends or removes what it holds for them (affiliations, notifications,
    follows) through the `account_deleted` signal, in the same transaction.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        # allauth ships no types, so its reverse accessor (`emailaddress_set`) is unknown to mypy.
        addresses = EmailAddress.objects.filter(user=user).values_list("email", flat=True)
        old_emails = {user.email, *addresses}
        user.email = deleted_email(user)
        user.first_name = ""
        user.last_name = ""
        user.display_name = ""
        user.job_title = ""
        user.set_unusable_password()
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        EmailAddress.objects.filter(user=user).delete()
        user.api_tokens.active().update(revoked_at=timezone.now())
        account_deleted.send(sender=User, user=user, old_emails=old_emails)
    return user
