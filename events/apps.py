from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events and meetings")

    def ready(self):
        from core import cache, moderators, searchable

        from .search import EVENTS

        cache.watch_app(self)
        searchable.register(EVENTS)
        moderators.grant(self.label, ["historicalevent", "registration", "meeting"], ["view"])
        moderators.grant(self.label, ["event"], ["add", "view", "change"])
        moderators.grant(self.label, ["eventdocument"], ["view", "change"])
