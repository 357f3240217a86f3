from django.utils.translation import gettext_lazy as _

from core import app_config
from core.app_config import VIEW


class PortalConfig(app_config.DomainAppConfig):
    name = "portal"
    verbose_name = _("Reported content")
    grants = {VIEW: ["report"]}
