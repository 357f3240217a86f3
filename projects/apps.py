from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Investment projects")

    def ready(self):
        from core import cache, moderators

        cache.watch_app(self)
        moderators.grant(
            self.label,
            [
                "stagechange",
                "historicalinvestmentproject",
                "historicalprojectpartner",
                "historicalfundingsource",
            ],
            ["view"],
        )
        moderators.grant(self.label, ["investmentproject"], ["view", "change"])
        moderators.grant(self.label, ["projectpartner", "fundingsource"], ["add", "view", "change"])
