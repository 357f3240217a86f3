from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships and calls")

    def ready(self):
        from core import cache, moderators, searchable
        from core.api import exports
        from notifications import follows

        from .api.exports import PartnershipMembershipExport
        from .models import Call
        from .permissions import visible_partnerships
        from .search import CALLS, PARTNERSHIPS

        cache.watch_app(self)
        searchable.register(PARTNERSHIPS)
        searchable.register(CALLS)
        exports.register(PartnershipMembershipExport)
        follows.register(
            follows.Followable(
                "partnership",
                "partnerships.partnership",
                visible_partnerships,
                lambda o: o.get_absolute_url(),
            )
        )
        # Calls are public: the calls page lists every one of them.
        follows.register(
            follows.Followable(
                "call",
                "partnerships.call",
                lambda user: Call.objects.all(),
                lambda call: f"{reverse('partnerships:call_list')}#call-{call.pk}",
            )
        )
        moderators.grant(
            self.label,
            [
                "historicalpartnership",
                "historicalpartnershipmembership",
                "historicalpartnershipjoinrequest",
            ],
            ["view"],
        )
        moderators.grant(self.label, ["partnershipjoinrequest"], ["view", "change"])
        moderators.grant(self.label, ["partnershipproposal"], ["view", "change"])
        moderators.grant(
            self.label, ["proposalinvitation", "historicalpartnershipproposal"], ["view"]
        )
        moderators.grant(
            self.label, ["call", "partnership", "partnershipmembership"], ["add", "view", "change"]
        )
