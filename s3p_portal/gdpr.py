"""Account deletion that keeps the record: the person goes, their decisions stay.

A user who leaves the portal is anonymised, not deleted: join requests they
made, decisions they took and the audit trail point at their user row, and
deleting it would either fail (PROTECT) or erase history. What identifies
the person (name, e-mail addresses, the justification and official e-mail
of their affiliations, in the current rows and in the audit trail) is
overwritten; what is theirs alone (notifications, preferences, follows, API
tokens) is removed or revoked.

It lives here rather than in `accounts` because it reaches into every app
holding personal data, and the apps depend on `accounts`, not the reverse.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApiToken
from accounts.permissions import is_moderator
from notifications.models import Follow, Notification, Preference
from regions.models import Affiliation, AffiliationInvitation

User = get_user_model()


def anonymous_email(user):
    # `.invalid` is reserved (RFC 2606): nothing is ever sent there.
    return f"deleted-{user.pk}@deleted.invalid"


def anonymise_account(*, user, actor):
    """Anonymise `user`'s account; the user themself or a moderator may do it."""
    if actor.pk != user.pk and not is_moderator(actor):
        raise PermissionDenied(_("Only the account's owner or a moderator may delete it."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        addresses = EmailAddress.objects.filter(user=user).values_list("email", flat=True)
        old_emails = {user.email.lower(), *(email.lower() for email in addresses)}
        new_email = anonymous_email(user)
        user.email = new_email
        user.first_name = user.last_name = ""
        user.is_active = user.is_staff = user.is_superuser = False
        # A new password hash also ends every open session of the account.
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        EmailAddress.objects.filter(user=user).delete()
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        personal = {"official_email": new_email, "justification": ""}
        Affiliation.objects.filter(user=user).update(**personal)
        Affiliation.history.filter(user_id=user.pk).update(**personal)
        for email in old_emails:
            AffiliationInvitation.objects.filter(email__iexact=email).update(email=new_email)
        Notification.objects.filter(recipient=user).delete()
        Preference.objects.filter(user=user).delete()
        Follow.objects.filter(user=user).delete()
    return user
