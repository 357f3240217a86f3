from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin_tools import (
    AppendOnlyInline,
    CreatedByMixin,
    CurrentMembershipFilter,
    DecisionAction,
    HistoryAdmin,
    JoinRequestAdmin,
    ModerationMixin,
    NoDeleteMixin,
    ReadOnlyInline,
    ReadOnlyMixin,
    ReasonedDecisionAction,
)
from core.membership_admin import (
    MembershipForm,
    MembershipInlineMixin,
    ServiceMembershipAdmin,
)

from .choices import AreaStatus, ReportStatus
from .membership import AREA_MEMBERS, AREA_REQUESTS
from .models import (
    AreaJoinRequest,
    AreaMembership,
    AreaSource,
    LeadInvitation,
    NamedParticipant,
    ProgressReport,
    ThematicArea,
)
from .services import (
    add_area_member,
    approve_area,
    check_can_join,
    publish_progress_report,
    reject_area,
)


class AreaMembershipForm(MembershipForm):
    check = staticmethod(check_can_join)
    add = staticmethod(add_area_member)


class AreaMembershipInline(AppendOnlyInline):
    """Current and past members. Existing rows are read-only (a region leaves through
    the "end membership" action, which keeps the last lead in place); moderators may
    add members through `add_area_member`, and are recorded as the approver."""

    model = AreaMembership
    form = AreaMembershipForm
    fields = ("region", "role", "joined_at", "left_at", "approved_by", "source_url")
    readonly_fields = ("joined_at", "left_at", "approved_by", "source_url")
    autocomplete_fields = ("region",)
    select_related = ("region", "approved_by")


class AreaSourceInline(admin.TabularInline):
    """The public pages that document the area; sources are added, never deleted."""

    model = AreaSource
    extra = 0
    can_delete = False


class NamedParticipantInline(admin.TabularInline):
    """Participants the sources name that are no NUTS 2021 region of the EU-27."""

    model = NamedParticipant
    fields = ("name", "role", "note", "source_url")
    extra = 0
    can_delete = False


class ProgressReportInline(ReadOnlyInline):
    model = ProgressReport
    fields = ("year", "half", "status", "created_by", "published_at")
    select_related = ("created_by",)
    show_change_link = True


def approved_message(area):
    if area.proposing_region is None:
        return _("“%(area)s” is active.") % {"area": area}
    return _("“%(area)s” is active; %(region)s leads it.") % {
        "area": area,
        "region": area.proposing_region,
    }


@admin.register(ThematicArea)
class ThematicAreaAdmin(MembershipInlineMixin, ModerationMixin, HistoryAdmin):
    list_display = (
        "name",
        "status",
        "phase",
        "proposing_region",
        "member_count",
        "created_at",
        "decided_at",
    )
    list_filter = ("status", "phase", "launched_year")
    search_fields = ("name", "summary", "proposing_region__code", "proposing_region__name")
    autocomplete_fields = ("proposing_region", "priorities")
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("proposing_region",)
    date_hierarchy = "created_at"
    fieldsets = (
        (None, {"fields": ("name", "slug", "summary", "description", "priorities", "phase")}),
        (gettext_lazy("Scoping note"), {"fields": ("objectives", "action_plan")}),
        (
            gettext_lazy("Proposal and decision"),
            {
                "fields": (
                    "status",
                    "proposing_region",
                    "proposed_by",
                    "created_at",
                    "decided_by",
                    "decided_at",
                    "decision_reason",
                )
            },
        ),
        (
            gettext_lazy("Sources"),
            {
                "fields": (
                    "platform",
                    "platform_source_url",
                    "launched_year",
                    "reported_region_count",
                    "notes",
                )
            },
        ),
    )
    inlines = [
        AreaMembershipInline,
        NamedParticipantInline,
        AreaSourceInline,
        ProgressReportInline,
    ]
    history_list_display = ["status", "phase"]
    status_actions = {
        AreaStatus.PROPOSED: [
            ("approve_proposals", gettext_lazy("Approve")),
            ("reject_proposals", gettext_lazy("Reject…")),
        ],
    }

    decision_fields = (
        "status",
        "proposed_by",
        "created_at",
        "decided_by",
        "decided_at",
        "decision_reason",
    )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.decision_fields
        return ("proposing_region", *self.decision_fields)

    def get_queryset(self, request):
        current = Count("memberships", filter=Q(memberships__left_at__isnull=True))
        return super().get_queryset(request).annotate(member_count=current)

    @admin.display(description=gettext_lazy("member regions"), ordering="member_count")
    def member_count(self, area):
        return area.member_count

    approve_proposals = DecisionAction(
        gettext_lazy("Approve the selected proposals"),
        lambda area, moderator: approve_area(area_id=area.pk, moderator=moderator),
        approved_message,
    )
    reject_proposals = ReasonedDecisionAction(
        gettext_lazy("Reject the selected proposals…"),
        gettext_lazy("Reject area proposals"),
        lambda area, moderator, reason: reject_area(
            area_id=area.pk, moderator=moderator, reason=reason
        ),
        lambda area: _("Rejected the proposal “%(area)s”.") % {"area": area},
    )


@admin.register(AreaMembership)
class AreaMembershipAdmin(ServiceMembershipAdmin):
    kind = AREA_MEMBERS
    form = AreaMembershipForm
    list_display = ("region", "area", "role", "joined_at", "left_at", "approved_by")
    list_filter = (CurrentMembershipFilter, "role", "area__status")
    search_fields = ("region__code", "region__name", "area__name")
    autocomplete_fields = ("area", "region")
    list_select_related = ("area", "region", "approved_by")


@admin.register(AreaSource)
class AreaSourceAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ("url", "area")
    search_fields = ("url", "area__name")
    list_select_related = ("area",)
    autocomplete_fields = ("area",)


@admin.register(NamedParticipant)
class NamedParticipantAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ("name", "area", "role", "source_url")
    list_filter = ("role",)
    search_fields = ("name", "area__name", "note")
    list_select_related = ("area",)
    autocomplete_fields = ("area",)


@admin.register(AreaJoinRequest)
class AreaJoinRequestAdmin(JoinRequestAdmin):
    flag_fields = ("is_demo",)
    list_display = (
        "region",
        "area",
        "status",
        "requested_by",
        "created_at",
        "decided_by",
        "decided_at",
    )
    list_filter = ("status", ("area", admin.RelatedOnlyFieldListFilter))
    search_fields = ("region__code", "region__name", "area__name", "requested_by__email")
    list_select_related = ("area", "region", "requested_by", "decided_by")
    target_fields = ("area", "region")
    kind = AREA_REQUESTS


@admin.register(LeadInvitation)
class LeadInvitationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: leads invite and invited regions answer on the portal."""

    list_display = ("region", "area", "status", "invited_by", "created_at", "responded_at")
    list_filter = ("status",)
    search_fields = ("region__code", "region__name", "area__name")
    list_select_related = ("area", "region", "invited_by")
    date_hierarchy = "created_at"


@admin.register(ProgressReport)
class ProgressReportAdmin(CreatedByMixin, ModerationMixin, HistoryAdmin):
    list_display = ("area", "year", "half", "status", "created_by", "published_at")
    list_filter = ("status", "year", "half")
    search_fields = ("area__name", "activities", "next_steps")
    autocomplete_fields = ("area",)
    list_select_related = ("area", "created_by")
    history_list_display = ["status"]
    actions = ["publish_reports"]

    content_fields = ("activities", "new_members", "projects_moved_on", "next_steps")
    # Reports are published through `publish_progress_report`, never by hand.
    workflow_fields = ("status", "created_by", "created_at", "published_at")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.workflow_fields
        if obj.status == ReportStatus.PUBLISHED:
            # As in save_progress_report: a published report is no longer edited.
            return ("area", "year", "half", *self.content_fields, *self.workflow_fields)
        return ("area", "year", "half", *self.workflow_fields)

    publish_reports = DecisionAction(
        gettext_lazy("Publish the selected reports"),
        lambda report, moderator: publish_progress_report(user=moderator, report_id=report.pk),
        lambda report: _("Published the report %(report)s.") % {"report": report},
    )
