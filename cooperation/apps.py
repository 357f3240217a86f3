from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = _("Cooperation: partner search and conversations")

    def ready(self):
        from django.urls import reverse

        from core import cache, moderators, searchable
        from notifications import follows
        from regions.models import Priority

        from .search import POSTINGS

        cache.watch_app(self)
        searchable.register(POSTINGS)
        # Who follows a priority hears of the postings that carry it: the list of
        # postings with that priority is where the follow button is.
        follows.register(
            follows.Followable(
                "priority",
                "regions.priority",
                lambda user: Priority.objects.all(),
                lambda p: f"{reverse('cooperation:posting_list')}?priority={p.scheme}:{p.code}",
                lookup="pk",
            )
        )
        # Moderators hide postings, messages and board posts; the rest is written by the services.
        moderators.grant(self.label, ["posting", "message", "boardpost"], ["view", "change"])
        moderators.grant(
            self.label,
            ["historicalposting", "interest", "conversation", "boardtopic"],
            ["view"],
        )
