from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin_tools import (
    AdminReasonForm,
    DecisionAction,
    ModerationMixin,
    ReadOnlyMixin,
    ReasonedDecisionAction,
)

from .models import CalendarFeed, Report, ReportStatus
from .reports import decide_report


class DismissForm(AdminReasonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _("Recorded with the decision, for the moderators.")


@admin.register(Report)
class ReportAdmin(ModerationMixin, ReadOnlyMixin, admin.ModelAdmin):
    """Reports are read here and closed once the record itself was dealt with (or not)."""

    list_display = ("content_title", "reason", "reporter", "status", "created_at")
    list_filter = ("status", "reason")
    search_fields = ("content_title", "details")
    date_hierarchy = "created_at"
    list_select_related = ("reporter",)
    fields = (
        "reported_record",
        "reason",
        "details",
        "reporter",
        "created_at",
        "status",
        "decided_by",
        "decided_at",
        "decision_note",
    )
    readonly_fields = fields
    status_actions = {
        ReportStatus.OPEN: [
            ("uphold_reports", gettext_lazy("Dealt with")),
            ("dismiss_reports", gettext_lazy("Dismiss…")),
        ],
    }

    @admin.display(description=gettext_lazy("reported content"))
    def reported_record(self, report):
        record = report.content
        if record is None:
            return format_html("{} ({})", report.content_title, _("since deleted"))
        opts = record._meta
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            record.get_absolute_url(),
            report.content_title,
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]),
            _("its record in the administration"),
        )

    uphold_reports = DecisionAction(
        gettext_lazy("Close the selected reports as dealt with"),
        lambda report, moderator: decide_report(
            report_id=report.pk, moderator=moderator, upheld=True
        ),
        lambda report: (
            _("The report of “%(title)s” is closed as dealt with.")
            % {"title": report.content_title}
        ),
    )
    dismiss_reports = ReasonedDecisionAction(
        gettext_lazy("Dismiss the selected reports…"),
        gettext_lazy("Dismiss reports"),
        lambda report, moderator, reason: decide_report(
            report_id=report.pk, moderator=moderator, upheld=False, note=reason
        ),
        lambda report: (
            _("The report of “%(title)s” is dismissed.") % {"title": report.content_title}
        ),
        form_class=DismissForm,
    )


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Private calendar addresses: a superuser may end one (delete it) should it leak;
    only their owners make them."""

    list_display = ("user", "created_at", "last_used_at")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    readonly_fields = ("user", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
