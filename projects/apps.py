from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Investment projects")

    def ready(self):
        from partnerships.models import Partnership, PartnershipMembership
        from regions.models import Cluster, Priority, Region, RegionPriority
        from regions.signals import reference_data_loaded
        from thematic_areas.models import AreaMembership, ThematicArea

        from .matchmaking import forget_matchmaking
        from .models import FundingSource, InvestmentProject, ProjectPartner
        from .moderators import ensure_moderators_group
        from .pipeline import forget_pipeline_figures

        post_migrate.connect(ensure_moderators_group, sender=self, dispatch_uid="moderators-group")

        # Every model whose rows the pipeline figures count or name.
        for model in (InvestmentProject, ProjectPartner, FundingSource, ThematicArea, Region):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_pipeline_figures, sender=model, dispatch_uid=f"pipeline-{model.__name__}"
                )

        # Every model whose rows matchmaking reads, and the priority lists it
        # reads through (`.add()` and `.set()` send m2m_changed, not post_save).
        matchmaking_inputs = (
            ThematicArea,
            AreaMembership,
            Partnership,
            PartnershipMembership,
            Region,
            RegionPriority,
            Priority,
            Cluster,
        )
        for model in matchmaking_inputs:
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_matchmaking, sender=model, dispatch_uid=f"matchmaking-{model.__name__}"
                )
        for relation in (ThematicArea.priorities, Region.priorities, Cluster.priorities):
            m2m_changed.connect(
                forget_matchmaking,
                sender=relation.through,
                dispatch_uid=f"matchmaking-{relation.through.__name__}",
            )

        reference_data_loaded.connect(forget_pipeline_figures, dispatch_uid="pipeline-loaded")
        reference_data_loaded.connect(forget_matchmaking, dispatch_uid="matchmaking-loaded")
