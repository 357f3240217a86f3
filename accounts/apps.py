from django.utils.translation import gettext_lazy as _

from core import app_config
from core.app_config import VIEW


class AccountsConfig(app_config.DomainAppConfig):
    name = "accounts"
    verbose_name = _("Users and API tokens")
    grants = {VIEW: ["user"]}

    def ready(self):
        from core import moderators

        # Imported for their side effects: the system checks register
        # themselves, and the schema module registers the token scheme with
        # drf-spectacular.
        from . import checks  # noqa: F401
        from .api import schema  # noqa: F401

        super().ready()
        # allauth's e-mail addresses: whether a user verified the one they sign in with.
        moderators.grant("account", ["emailaddress"], VIEW)
