"""Shared admin pieces: moderation actions that call the services, and a read-only audit trail.

Admin actions never set a status themselves. Each calls the app's service
function with the moderator as the acting user (the service locks the row
and records who decided), and reports the outcome object by object: a
success message, or the service's ValidationError / PermissionDenied as an
error message. One object failing does not stop the others.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from core.join_request_views import JoinRequestKind
from core.membership import MembershipKind
from core.moderators import is_moderator
from core.workflow import JoinRequest, Membership

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DECISION_TEMPLATE = "admin/decide_with_reason.html"
# The record a decision was taken from (its page's buttons): the moderator goes back to it.
RECORD_FIELD = "_record"

M = TypeVar("M", bound=Model)


class AdminReasonForm(forms.Form):
    """The intermediate page of a decision that needs a reason (a rejection).

    Unlike the pages' `core.actions.ReasonForm`, the reason is required here:
    the admin asks for it once for many objects, before any is decided.
    """

    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text=gettext_lazy("Recorded with the decision; the applicant will see it."),
    )


class ModerationMixin:
    """Moderation actions for Commission moderators, in the list and on each record's page.

    A "decide" permission shows the actions to moderators only: use it with
    ``@admin.action(permissions=["decide"])``; the service checks again, so
    this only hides what would fail anyway. `record_actions(obj)` names the
    actions offered as buttons on the record's page (verify, approve,
    reject…): each posts the action for that one record to the list, as
    ticking it there would, and the moderator comes back to the record.
    A subclass may declare them by the record's status (`status_actions`);
    its list then offers every one of them, so that each is named once.
    """

    change_form_template = "admin/change_form_with_decisions.html"
    # status -> the actions offered on the page of a record in that status, with their
    # buttons' labels.
    status_actions: ClassVar[Mapping[str, Sequence[tuple[str, "StrOrPromise"]]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "status_actions" in vars(cls):
            offered = (name for actions in cls.status_actions.values() for name, _label in actions)
            cls.actions = list(dict.fromkeys(offered))  # type: ignore[attr-defined]

    def has_decide_permission(self, request: HttpRequest) -> bool:
        return is_moderator(request.user)

    def record_actions(self, obj: Any) -> Sequence[tuple[str, "StrOrPromise"]]:
        """The actions that apply to `obj` in its current state, with their buttons' labels."""
        return self.status_actions.get(getattr(obj, "status", ""), ())

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)  # type: ignore[attr-defined]
        offered = self.get_actions(request) if obj is not None else {}  # type: ignore[attr-defined]
        extra_context = {
            **(extra_context or {}),
            "record_actions": [
                (name, label) for name, label in self.record_actions(obj) if name in offered
            ],
        }
        return super().change_view(  # type: ignore[misc]
            request, object_id, form_url, extra_context
        )

    def response_action(self, request: HttpRequest, queryset: QuerySet[Any]) -> Any:
        response = super().response_action(request, queryset)  # type: ignore[misc]
        record = _record_of(request)
        # Done (not the intermediate page of a reason): back to the record it came from.
        if response is not None and response.status_code == 302 and record:
            opts = self.model._meta  # type: ignore[attr-defined]
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", record)
        return response


def _record_of(request: HttpRequest) -> str:
    """The id of the record a decision was taken from, or ""."""
    record = request.POST.get(RECORD_FIELD, "")
    return record if record.isdigit() else ""


class CreatedByMixin:
    """For a ModelAdmin: a record added in the admin is created by the moderator adding it."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)  # type: ignore[misc]


class NoDeleteMixin:
    """Records that carry history are archived, closed or rejected, never deleted."""

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ReadOnlyMixin(NoDeleteMixin):
    """Records only the services write (tokens, validations, invitations, stage
    changes): moderators read them here, and nobody adds or changes one."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class AppendOnlyInline(admin.TabularInline):
    """Rows listed on their parent's page that, once saved, are never changed or deleted
    there: the history a workflow keeps (memberships, decisions, stage changes).

    `select_related` names the relations the columns show, read with the rows.
    """

    extra = 0
    can_delete = False
    select_related: tuple[str, ...] = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        # Without names, select_related() would follow every foreign key.
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ReadOnlyInline(AppendOnlyInline):
    """Rows only the services write, listed on their parent's page: every column is
    read-only, and none is added here either."""

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        return self.fields

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class HistoryAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    """Shows the audit trail of a model with ``history``; it can be read, never reverted.

    simple_history's "revert" form saves an old version through the admin
    form, which would bypass the services (and its view accepts a POST from
    any user who may only view), so the history form view is read-only.
    """

    def revert_disabled(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return True

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class JoinRequestAdmin(ModerationMixin, HistoryAdmin):
    """The admin of a join request (core.workflow.JoinRequest): read-only but for decisions.

    Subclasses name their ``target_fields`` (e.g. area and region) and their
    ``kind``, whose services the approve and reject actions call.
    """

    kind: ClassVar[JoinRequestKind[Any]]
    target_fields: tuple[str, ...] = ()
    actions = ["approve_requests", "reject_requests"]
    list_filter = ("status",)
    date_hierarchy = "created_at"
    history_list_display = ["status"]
    # Flags a model adds to the request (a demo request's `is_demo`), read-only too.
    flag_fields: tuple[str, ...] = ()
    decision_fields = (
        "status",
        "requested_by",
        "created_at",
        "decided_by",
        "decided_at",
        "decision_reason",
    )

    def get_readonly_fields(
        self, request: HttpRequest, obj: JoinRequest | None = None
    ) -> tuple[str, ...]:
        # A request is the applicant's: nothing in it changes by hand, and
        # it is decided only through the actions.
        return (*self.target_fields, "statement", *self.decision_fields, *self.flag_fields)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def _names(self, join_request: JoinRequest) -> dict[str, object]:
        return {
            "applicant": self.kind.rules.applicant(join_request),
            "target": self.kind.rules.target(join_request),
        }

    @admin.action(description=gettext_lazy("Approve the selected requests"), permissions=["decide"])
    def approve_requests(self, request: HttpRequest, queryset: QuerySet[JoinRequest]) -> None:
        decide_each(
            self,
            request,
            queryset,
            lambda join_request: self.kind.approve(request_id=join_request.pk, user=request.user),
            lambda join_request: (
                _("%(applicant)s joined “%(target)s”.") % self._names(join_request)
            ),
        )

    @admin.action(description=gettext_lazy("Reject the selected requests…"), permissions=["decide"])
    def reject_requests(
        self, request: HttpRequest, queryset: QuerySet[JoinRequest]
    ) -> HttpResponse | None:
        return decide_with_form(
            self,
            request,
            queryset,
            action="reject_requests",
            title=_("Reject join requests"),
            decide=lambda join_request, data: self.kind.reject(
                request_id=join_request.pk, user=request.user, reason=data["reason"]
            ),
            success=lambda join_request: (
                _("Rejected the request of %(applicant)s to join “%(target)s”.")
                % self._names(join_request)
            ),
        )


class MembershipAdmin(ModerationMixin, HistoryAdmin):
    """Area and partnership memberships: a moderator adds one (and approves it
    by doing so); it changes and ends only through the app's services (co-lead
    invitations, leaving), which keep rules such as an active area's last lead.
    Subclasses name their `kind`, whose leave service ends the memberships."""

    kind: ClassVar[MembershipKind]
    date_hierarchy = "joined_at"
    readonly_fields = ("joined_at", "left_at", "approved_by")
    actions = ["end_memberships"]

    def has_change_permission(self, request: HttpRequest, obj: Membership | None = None) -> bool:
        return False

    @admin.action(
        description=gettext_lazy("End the selected memberships (the members leave)"),
        permissions=["decide"],
    )
    def end_memberships(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        decide_each(
            self,
            request,
            queryset,
            lambda membership: self.kind.leave_member(
                request.user, membership.target, membership.member
            ),
            lambda membership: (
                self.kind.left % self.kind.names(membership.target, membership.member)
            ),
        )


class ChoicesFilter(admin.SimpleListFilter):
    """A list filter of a few named choices, each a condition on the rows (`conditions`)."""

    # parameter value -> (label, condition); `choices` is the admin's own method.
    conditions: Mapping[str, tuple["StrOrPromise", Q]] = {}

    def lookups(
        self, request: HttpRequest, model_admin: "admin.ModelAdmin[Any]"
    ) -> list[tuple[str, "StrOrPromise"]]:
        return [(value, label) for value, (label, _condition) in self.conditions.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[M]) -> QuerySet[M]:
        chosen = self.conditions.get(self.value() or "")
        return queryset.filter(chosen[1]) if chosen else queryset


class CurrentMembershipFilter(ChoicesFilter):
    """Memberships kept after a member leaves: current ones (not left) or past ones."""

    title = gettext_lazy("membership")
    parameter_name = "current"
    conditions = {
        "yes": (gettext_lazy("Current"), Q(left_at__isnull=True)),
        "no": (gettext_lazy("Past"), Q(left_at__isnull=False)),
    }


def explain(error: ValidationError | PermissionDenied | ObjectDoesNotExist) -> str:
    """The message of a service's ValidationError, PermissionDenied or DoesNotExist."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, ObjectDoesNotExist):
        return _("It no longer exists.")
    return str(error) or _("You may not take this decision.")


def decide_each(
    modeladmin: "admin.ModelAdmin[M]",
    request: HttpRequest,
    queryset: Iterable[M],
    decide: Callable[[M], object],
    success: Callable[[M], "StrOrPromise"],
) -> None:
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
    modeladmin: "admin.ModelAdmin[M]",
    request: HttpRequest,
    queryset: Iterable[M],
    *,
    action: str,
    title: "StrOrPromise",
    decide: Callable[[M, dict[str, Any]], object],
    success: Callable[[M], "StrOrPromise"],
    form_class: type[forms.Form] = AdminReasonForm,
    form_kwargs: Mapping[str, Any] | None = None,
    checks: Callable[[M], Sequence[tuple["StrOrPromise", bool | None, "StrOrPromise"]]]
    | None = None,
) -> TemplateResponse | None:
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
        "record": _record_of(request),
        "media": modeladmin.media + form.media,
    }
    return TemplateResponse(request, DECISION_TEMPLATE, context)


class _ModeratorAction:
    """What Django's admin reads of an action (see `admin.action`), for moderators only.

    Declared as a ModelAdmin attribute and listed by name in `actions`; the
    attribute's name is the action's name, which the reason page posts back.
    """

    allowed_permissions = ("decide",)
    name = ""

    def __init__(self, description: "StrOrPromise") -> None:
        self.short_description = description

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name


class DecisionAction(_ModeratorAction, Generic[M]):
    """A moderators' action that decides each selected row through a service (`decide_each`).

    ``decide(obj, moderator)`` calls the service; ``success(obj)`` is the
    message of a row decided without error.
    """

    def __init__(
        self,
        description: "StrOrPromise",
        decide: Callable[[M, Any], object],
        success: Callable[[M], "StrOrPromise"],
    ) -> None:
        super().__init__(description)
        self.decide = decide
        self.success = success

    def __call__(
        self, modeladmin: "admin.ModelAdmin[M]", request: HttpRequest, queryset: QuerySet[M]
    ) -> None:
        decide_each(
            modeladmin, request, queryset, lambda obj: self.decide(obj, request.user), self.success
        )


class ReasonedDecisionAction(_ModeratorAction, Generic[M]):
    """A moderators' action whose decision needs a reason (a rejection): asked once on an
    intermediate page titled `title` (`decide_with_form`), then each selected row is decided.

    ``decide(obj, moderator, reason)`` calls the service; ``success(obj)`` is
    the message of a row decided without error.
    """

    def __init__(
        self,
        description: "StrOrPromise",
        title: "StrOrPromise",
        decide: Callable[[M, Any, str], object],
        success: Callable[[M], "StrOrPromise"],
        *,
        form_class: type[AdminReasonForm] = AdminReasonForm,
    ) -> None:
        super().__init__(description)
        self.title = title
        self.decide = decide
        self.success = success
        self.form_class = form_class

    def __call__(
        self, modeladmin: "admin.ModelAdmin[M]", request: HttpRequest, queryset: QuerySet[M]
    ) -> TemplateResponse | None:
        return decide_with_form(
            modeladmin,
            request,
            queryset,
            action=self.name,
            title=self.title,
            decide=lambda obj, data: self.decide(obj, request.user, data["reason"]),
            success=self.success,
            form_class=self.form_class,
        )
