"""Shared admin pieces: moderation actions that call the services, and a read-only audit trail.

Admin actions never set a status themselves. Each calls the app's service
function with the moderator as the acting user (the service locks the row
and records who decided), and reports the outcome object by object: a
success message, or the service's ValidationError / PermissionDenied as an
error message. One object failing does not stop the others.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from core.moderators import is_moderator

DECISION_TEMPLATE = "admin/decide_with_reason.html"


class ReasonForm(forms.Form):
    """The intermediate page of a decision that needs a reason (a rejection)."""

    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text=gettext_lazy("Recorded with the decision; the applicant will see it."),
    )


class ModerationMixin:
    """Adds a "decide" permission so that only Commission moderators see moderation actions.

    Use it with ``@admin.action(permissions=["decide"])``. The service checks
    again, so this only hides what would fail anyway.
    """

    def has_decide_permission(self, request):
        return is_moderator(request.user)


class NoDeleteMixin:
    """Records that carry history are archived, closed or rejected, never deleted."""

    def has_delete_permission(self, request, obj=None):
        return False


class HistoryAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    """Shows the audit trail of a model with ``history``; it can be read, never reverted.

    simple_history's "revert" form saves an old version through the admin
    form, which would bypass the services (and its view accepts a POST from
    any user who may only view), so the history form view is read-only.
    """

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class JoinRequestAdmin(ModerationMixin, HistoryAdmin):
    """The admin of a join request (core.workflow.JoinRequest): read-only but for decisions.

    Subclasses name their ``target_fields`` (e.g. area and region) and add
    approve and reject actions calling their app's services.
    """

    target_fields = ()
    list_filter = ("status",)
    date_hierarchy = "created_at"
    history_list_display = ["status"]
    decision_fields = (
        "status",
        "requested_by",
        "created_at",
        "decided_by",
        "decided_at",
        "decision_reason",
    )

    def get_readonly_fields(self, request, obj=None):
        # A request is the applicant's: nothing in it changes by hand, and
        # it is decided only through the actions.
        return (*self.target_fields, "statement", *self.decision_fields)

    def has_add_permission(self, request):
        return False


class MembershipAdmin(ModerationMixin, HistoryAdmin):
    """Area and partnership memberships: a moderator adds one (and approves it
    by doing so); it changes and ends only through the app's services (co-lead
    invitations, leaving), which keep rules such as an active area's last lead.
    Subclasses define the `end_memberships` action with their leave service."""

    date_hierarchy = "joined_at"
    readonly_fields = ("joined_at", "left_at", "approved_by")
    actions = ["end_memberships"]

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.approved_by = request.user
        super().save_model(request, obj, form, change)


class CurrentMembershipFilter(admin.SimpleListFilter):
    """Memberships kept after a member leaves: current ones (not left) or past ones."""

    title = gettext_lazy("membership")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("Current")), ("no", _("Past"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(left_at__isnull=True)
        if self.value() == "no":
            return queryset.filter(left_at__isnull=False)
        return queryset


def explain(error):
    """The message of a service's ValidationError, PermissionDenied or DoesNotExist."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, ObjectDoesNotExist):
        return _("It no longer exists.")
    return str(error) or _("You may not take this decision.")


def decide_each(modeladmin, request, queryset, decide, success):
    """Call ``decide(obj)`` for each selected object; report each outcome as a message.

    ``success(obj)`` returns the message for an object decided without error.
    """
    for obj in queryset:
        try:
            decide(obj)
        except (ValidationError, PermissionDenied, ObjectDoesNotExist) as error:
            message = _("%(object)s: %(error)s") % {"object": obj, "error": explain(error)}
            modeladmin.message_user(request, message, messages.ERROR)
        else:
            modeladmin.message_user(request, success(obj), messages.SUCCESS)


def decide_with_form(
    modeladmin,
    request,
    queryset,
    *,
    action,
    title,
    decide,
    success,
    form_class=ReasonForm,
    form_kwargs=None,
    checks=None,
):
    """Ask for a reason (or other input) on an intermediate page, then decide each object.

    The changelist posts the action and the selected ids; this answers with
    the form, which posts them back (``_selected_action``, ``action``) with
    ``post=yes``. Only a valid form decides anything; an invalid one is shown
    again with its errors. ``decide(obj, cleaned_data)`` calls the service.
    ``checks(obj)`` may return rows ``(label, ok, detail)`` shown under each
    object, e.g. the computed checklist of a cluster profile; ``ok`` is None
    for a criterion the moderator judges.
    """
    objects = list(queryset)
    data = request.POST if request.POST.get("post") == "yes" else None
    form = form_class(data, **(form_kwargs or {}))
    if form.is_valid():
        decide_each(
            modeladmin, request, objects, lambda obj: decide(obj, form.cleaned_data), success
        )
        return None
    request.current_app = modeladmin.admin_site.name
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.model._meta,
        "form": form,
        "items": [{"object": obj, "checks": checks(obj) if checks else []} for obj in objects],
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media + form.media,
    }
    return TemplateResponse(request, DECISION_TEMPLATE, context)


def set_approved_by(request, formset):
    """Save an inline of memberships, recording the moderator as approver of each new one."""
    for membership in formset.save(commit=False):
        if membership._state.adding:
            membership.approved_by = request.user
        membership.save()
    for membership in formset.deleted_objects:
        membership.delete()
    formset.save_m2m()
