from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThematicAreasConfig(AppConfig):
    name = "thematic_areas"
    verbose_name = _("Thematic areas")

    def ready(self):
        from core import cache, moderators
        from notifications import follows

        from .permissions import visible_areas

        cache.watch_app(self)
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
        moderators.grant(self.label, ["areamembership"], ["add", "view", "change"])
