from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and API tokens")

    def ready(self):
        # Imported for their side effects: the system checks register
        # themselves, and the schema module registers the token scheme with
        # drf-spectacular.
        from . import checks  # noqa: F401
        from .api import schema  # noqa: F401
