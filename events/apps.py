from django.utils.translation import gettext_lazy as _

from core import app_config
from core.app_config import EDIT, MANAGE, VIEW


class EventsConfig(app_config.DomainAppConfig):
    name = "events"
    verbose_name = _("Events and meetings")
    watched = True
    searchables = ["events.search.EVENTS"]
    grants = {
        VIEW: ["historicalevent", "registration", "meeting"],
        MANAGE: ["event"],
        EDIT: ["eventdocument"],
    }
