from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin_tools import (
    CreatedByMixin,
    DecisionAction,
    HistoryAdmin,
    ModerationMixin,
    ReadOnlyInline,
    ReadOnlyMixin,
    ReasonedDecisionAction,
)

from .choices import ProjectStatus
from .models import FundingSource, InvestmentProject, ProjectPartner, StageChange
from .services import archive_project, publish_project, return_project


class ProjectPartnerInline(admin.TabularInline):
    model = ProjectPartner
    fields = ("organisation_name", "organisation_type", "country", "role", "region", "cluster")
    autocomplete_fields = ("region", "cluster")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region", "cluster")


class FundingSourceInline(admin.TabularInline):
    model = FundingSource
    fields = ("kind", "amount", "status", "note")
    extra = 0


class StageChangeInline(ReadOnlyInline):
    """How the project moved from stage to stage; written by the project workflow."""

    model = StageChange
    fields = ("from_stage", "to_stage", "changed_at", "changed_by")
    select_related = ("changed_by",)


@admin.register(InvestmentProject)
class InvestmentProjectAdmin(CreatedByMixin, ModerationMixin, HistoryAdmin):
    list_display = (
        "title",
        "area",
        "lead_region",
        "stage",
        "trl",
        "total_investment",
        "status",
        "created_at",
    )
    list_filter = ("status", "stage", "trl", "is_demo", ("area", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "summary", "area__name", "lead_region__code", "lead_region__name")
    autocomplete_fields = ("area", "partnership", "lead_region")
    prepopulated_fields = {"slug": ("title",)}
    list_select_related = ("area", "lead_region")
    date_hierarchy = "created_at"
    inlines = [ProjectPartnerInline, FundingSourceInline, StageChangeInline]
    history_list_display = ["status", "stage"]
    status_actions = {
        ProjectStatus.SUBMITTED: [
            ("publish_projects", gettext_lazy("Publish")),
            ("return_projects", gettext_lazy("Return to its team…")),
        ],
        ProjectStatus.PUBLISHED: [("archive_projects", gettext_lazy("Archive"))],
    }

    def get_readonly_fields(self, request, obj=None):
        # Stage and status move through the project workflow, which records
        # a StageChange and who published; the admin does not bypass it.
        readonly = ("created_by", "created_at", "published_by", "published_at")
        if obj is None:
            return readonly
        return ("stage", "status", *readonly)

    publish_projects = DecisionAction(
        gettext_lazy("Publish the selected projects"),
        lambda project, moderator: publish_project(user=moderator, project_id=project.pk),
        lambda project: _("Published “%(project)s”.") % {"project": project},
    )
    return_projects = ReasonedDecisionAction(
        gettext_lazy("Return the selected projects to draft…"),
        gettext_lazy("Return projects to draft"),
        lambda project, moderator, reason: return_project(
            user=moderator, project_id=project.pk, reason=reason
        ),
        lambda project: _("Returned “%(project)s” to draft.") % {"project": project},
    )
    archive_projects = DecisionAction(
        gettext_lazy("Archive the selected projects"),
        lambda project, moderator: archive_project(user=moderator, project_id=project.pk),
        lambda project: _("Archived “%(project)s”.") % {"project": project},
    )


@admin.register(ProjectPartner)
class ProjectPartnerAdmin(HistoryAdmin):
    list_display = (
        "organisation_name",
        "organisation_type",
        "country",
        "role",
        "project",
        "region",
    )
    list_filter = ("organisation_type", "role", "country")
    search_fields = ("organisation_name", "project__title", "region__code", "cluster__name")
    autocomplete_fields = ("project", "region", "cluster")
    list_select_related = ("project", "region")


@admin.register(FundingSource)
class FundingSourceAdmin(HistoryAdmin):
    list_display = ("project", "kind", "amount", "status", "note")
    list_filter = ("kind", "status")
    search_fields = ("project__title", "note")
    autocomplete_fields = ("project",)
    list_select_related = ("project",)


@admin.register(StageChange)
class StageChangeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: the project workflow writes these."""

    list_display = ("project", "from_stage", "to_stage", "changed_at", "changed_by")
    list_filter = ("to_stage",)
    search_fields = ("project__title",)
    list_select_related = ("project", "changed_by")
    date_hierarchy = "changed_at"
