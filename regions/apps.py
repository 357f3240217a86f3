from django.utils.translation import gettext_lazy as _

from core import app_config
from core.app_config import EDIT, MANAGE, VIEW


class RegionsConfig(app_config.DomainAppConfig):
    name = "regions"
    verbose_name = _("Regions, clusters and affiliations")
    watched = True
    searchables = ["regions.search.REGIONS", "regions.search.CLUSTERS"]
    exports = ["regions.api.exports.RegionExport"]
    grants = {
        VIEW: [
            "clustervalidation",
            "affiliationinvitation",
            "historicalcluster",
            "historicalaffiliation",
            "historicalris3priority",
        ],
        EDIT: ["region", "affiliation", "cluster"],
        MANAGE: ["priority", "regionpriority", "ris3priority"],
    }

    def ready(self):
        from accounts.signals import account_deleted

        from .services import end_affiliations_of_deleted_account

        super().ready()
        account_deleted.connect(
            end_affiliations_of_deleted_account, dispatch_uid="regions-account-deleted"
        )
