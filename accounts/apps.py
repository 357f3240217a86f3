from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and API tokens")

    def ready(self):
        # Registers the token scheme with drf-spectacular.
        from .api import schema  # noqa: F401
        from . import checks  # noqa: F401  (registers the system checks)
