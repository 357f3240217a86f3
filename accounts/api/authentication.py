"""Personal API tokens in the Authorization header: `Token <secret>` or `Bearer <secret>`."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from accounts.models import ApiToken

KEYWORDS = ("token", "bearer")

# Writing last_used_at on every request would make each read a write; a
# minute's precision is enough to tell a user which token is still in use.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """Look the secret up by its SHA-256 digest.

    Revoked and expired tokens, tokens issued before the user's last password
    change and inactive users are refused.
    """

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Invalid token header: give the keyword and the token, separated by one space.")
            )
        try:
            secret = header[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        return self.authenticate_secret(secret)

    def authenticate_secret(self, secret):
        token = (
            ApiToken.objects.active()
            .select_related("user")
            .filter(digest=ApiToken.hash(secret))
            .first()
        )
        if token is None or not token.user.is_active or not token.matches_password():
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return "Token"
