from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = _("Cooperation: partner search and conversations")

    def ready(self):
        from core import cache, moderators, searchable

        from .search import POSTINGS

        cache.watch_app(self)
        searchable.register(POSTINGS)
        # Moderators hide postings, messages and board posts; the rest is written by the services.
        moderators.grant(self.label, ["posting", "message", "boardpost"], ["view", "change"])
        moderators.grant(
            self.label,
            ["historicalposting", "interest", "conversation", "boardtopic"],
            ["view"],
        )
