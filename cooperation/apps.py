from django.utils.translation import gettext_lazy as _

from core import app_config
from core.app_config import EDIT, VIEW


class CooperationConfig(app_config.DomainAppConfig):
    name = "cooperation"
    verbose_name = _("Cooperation: partner search and conversations")
    watched = True
    searchables = ["cooperation.search.POSTINGS"]
    # Moderators hide postings, messages and board posts; the rest is written by the services.
    grants = {
        EDIT: ["posting", "message", "boardpost"],
        VIEW: ["historicalposting", "interest", "conversation", "boardtopic"],
    }

    def ready(self):
        from django.urls import reverse

        from notifications import follows
        from regions.models import Priority

        super().ready()
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
