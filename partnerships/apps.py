from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import app_config
from core.app_config import EDIT, MANAGE, VIEW


class PartnershipsConfig(app_config.DomainAppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships and calls")
    watched = True
    searchables = ["partnerships.search.PARTNERSHIPS", "partnerships.search.CALLS"]
    exports = ["partnerships.api.exports.PartnershipMembershipExport"]
    grants = {
        VIEW: [
            "historicalpartnership",
            "historicalpartnershipmembership",
            "historicalpartnershipjoinrequest",
            "proposalinvitation",
            "historicalpartnershipproposal",
        ],
        EDIT: ["partnershipjoinrequest", "partnershipproposal"],
        MANAGE: ["call", "partnership", "partnershipmembership"],
    }

    def ready(self):
        from notifications import follows

        from .models import Call
        from .permissions import visible_partnerships

        super().ready()
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
