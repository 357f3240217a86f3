from django.utils.translation import gettext_lazy as _

from core import app_config
from core.app_config import EDIT, MANAGE, VIEW


class ThematicAreasConfig(app_config.DomainAppConfig):
    name = "thematic_areas"
    verbose_name = _("Thematic areas")
    watched = True
    searchables = ["thematic_areas.search.AREAS"]
    exports = ["thematic_areas.api.exports.AreaMembershipExport"]
    grants = {
        VIEW: [
            "leadinvitation",
            "historicalthematicarea",
            "historicalareamembership",
            "historicalareajoinrequest",
            "historicalprogressreport",
        ],
        EDIT: ["thematicarea", "areajoinrequest", "progressreport"],
        MANAGE: ["areamembership", "areasource", "namedparticipant"],
    }

    def ready(self):
        from notifications import follows

        from .permissions import visible_areas

        super().ready()
        follows.register(
            follows.Followable(
                "area", "thematic_areas.thematicarea", visible_areas, lambda o: o.get_absolute_url()
            )
        )
