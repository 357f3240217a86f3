from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Investment projects")

    def ready(self):
        from regions.models import Region
        from regions.signals import reference_data_loaded
        from thematic_areas.models import ThematicArea

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
        reference_data_loaded.connect(forget_pipeline_figures, dispatch_uid="pipeline-loaded")
