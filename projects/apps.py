from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Investment projects")

    def ready(self):
        from core import cache, moderators, searchable
        from core.api import exports

        from .api.exports import ProjectExport
        from .search import PROJECTS

        cache.watch_app(self)
        searchable.register(PROJECTS)
        exports.register(ProjectExport)
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
