from django.utils.translation import gettext_lazy as _

from core import app_config
from core.app_config import EDIT, MANAGE, VIEW


class ProjectsConfig(app_config.DomainAppConfig):
    name = "projects"
    verbose_name = _("Investment projects")
    watched = True
    searchables = ["projects.search.PROJECTS"]
    exports = ["projects.api.exports.ProjectExport"]
    grants = {
        VIEW: [
            "stagechange",
            "historicalinvestmentproject",
            "historicalprojectpartner",
            "historicalfundingsource",
        ],
        EDIT: ["investmentproject"],
        MANAGE: ["projectpartner", "fundingsource"],
    }
