from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and API tokens")

    def ready(self):
        from core import moderators

        # Imported for their side effects: the system checks register
        # themselves, and the schema module registers the token scheme with
        # drf-spectacular.
        from . import checks  # noqa: F401
        from .api import schema  # noqa: F401

        moderators.grant(self.label, ["user"], ["view"])
        # allauth's e-mail addresses: whether a user verified the one they sign in with.
        moderators.grant("account", ["emailaddress"], ["view"])
