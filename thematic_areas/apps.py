from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThematicAreasConfig(AppConfig):
    name = "thematic_areas"
    verbose_name = _("Thematic areas")

    def ready(self):
        from core import cache, moderators, searchable
        from core.api import exports
        from notifications import follows

        from .api.exports import AreaMembershipExport
        from .permissions import visible_areas
        from .search import AREAS

        cache.watch_app(self)
        searchable.register(AREAS)
        exports.register(AreaMembershipExport)
        follows.register(
            follows.Followable(
                "area", "thematic_areas.thematicarea", visible_areas, lambda o: o.get_absolute_url()
            )
        )
        moderators.grant(
            self.label,
            [
                "leadinvitation",
                "historicalthematicarea",
                "historicalareamembership",
                "historicalareajoinrequest",
                "historicalprogressreport",
            ],
            ["view"],
        )
        moderators.grant(
            self.label, ["thematicarea", "areajoinrequest", "progressreport"], ["view", "change"]
        )
        moderators.grant(
            self.label,
            ["areamembership", "areasource", "namedparticipant"],
            ["add", "view", "change"],
        )
