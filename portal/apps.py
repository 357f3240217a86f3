from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Reported content")

    def ready(self) -> None:
        from core import moderators

        moderators.grant(self.label, ["report"], ["view"])
