from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("Regions, clusters and affiliations")

    def ready(self):
        from accounts.signals import account_deleted
        from core import cache, moderators, searchable
        from core.api import exports

        from .api.exports import RegionExport
        from .search import CLUSTERS, REGIONS
        from .services import end_affiliations_of_deleted_account

        account_deleted.connect(
            end_affiliations_of_deleted_account, dispatch_uid="regions-account-deleted"
        )
        cache.watch_app(self)
        searchable.register(REGIONS)
        searchable.register(CLUSTERS)
        exports.register(RegionExport)
        moderators.grant(
            self.label,
            [
                "clustervalidation",
                "affiliationinvitation",
                "historicalcluster",
                "historicalaffiliation",
                "historicalris3priority",
            ],
            ["view"],
        )
        moderators.grant(self.label, ["region", "affiliation", "cluster"], ["view", "change"])
        moderators.grant(
            self.label, ["priority", "regionpriority", "ris3priority"], ["add", "view", "change"]
        )
