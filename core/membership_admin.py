"""Memberships added in the admin go through the apps' services.

A moderator adding a region to an area, or a cluster to a partnership, on
its own add page or in the inline of the area or partnership, gets the
checks and the notifications that the pages and the API apply. The form
runs the service's check, so that a refusal shows on the form before
anything is saved. The service checks again, under its lock, when the admin
saves; a refusal then (a race, or a staff user who is not a moderator)
rolls the whole save back and comes back as an error message, never a 500.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseModelFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from .admin_tools import MembershipAdmin, explain
from .workflow import Membership


class ServiceRefused(Exception):
    """The service refused a membership while the admin was saving."""


class MembershipForm(forms.ModelForm):
    """A membership added in the admin, checked and created by the app's services.

    Subclasses set `check(target, member)`, which raises a ValidationError
    when the member may not join, and `add`, the service creating the
    membership: it takes the acting `user`, the `role` and the target and
    member under the model's `target_field` and `member_field` names
    (`core.workflow.Membership`).
    """

    check: Callable[[Any, Any], None]
    add: Callable[..., Membership]

    def clean(self) -> dict[str, Any]:
        super().clean()
        model = self._meta.model
        target = self.cleaned_data.get(model.target_field)
        member = self.cleaned_data.get(model.member_field)
        # A target added on the same page has no row yet: the service checks it on save.
        if self.instance._state.adding and member is not None and getattr(target, "pk", None):
            self.check(target, member)
        return self.cleaned_data


def add_through_service(
    form_class: type[MembershipForm], user: Any, membership: Membership
) -> Membership:
    """Create `membership` (built by an admin form) with the service of `form_class`."""
    model = type(membership)
    names = (model.target_field, model.member_field, "role")
    try:
        return form_class.add(user=user, **{name: getattr(membership, name) for name in names})
    except (ValidationError, PermissionDenied) as refusal:
        raise ServiceRefused(f"{membership}: {explain(refusal)}") from refusal


class ServiceRefusalMixin:
    """For a ModelAdmin: a `ServiceRefused` raised while saving becomes an error message."""

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            # A mixin: the ModelAdmin it is mixed into has these two.
            view = super().changeform_view  # type: ignore[misc]
            return view(request, object_id, form_url, extra_context)
        except ServiceRefused as refusal:
            # Raised inside the view's transaction, which rolled the whole save back.
            self.message_user(request, str(refusal), messages.ERROR)  # type: ignore[attr-defined]
            return HttpResponseRedirect(request.get_full_path())


class MembershipInlineMixin(ServiceRefusalMixin):
    """For the admin of a group (an area, a partnership) with an inline of its memberships,
    whose form is a `MembershipForm`: the inline's existing rows are read-only, and the
    members added there are added through the form's service."""

    def save_formset(
        self, request: HttpRequest, form: forms.ModelForm, formset: BaseModelFormSet, change: bool
    ) -> None:
        if issubclass(formset.form, MembershipForm):
            for membership in formset.save(commit=False):
                add_through_service(formset.form, request.user, membership)
        else:
            # A mixin: the ModelAdmin it is mixed into saves the other inlines.
            super().save_formset(request, form, formset, change)  # type: ignore[misc]


class ServiceMembershipAdmin(ServiceRefusalMixin, MembershipAdmin):
    """A membership's own admin: its add page creates it through the service of `form`."""

    def save_model(
        self, request: HttpRequest, obj: Membership, form: MembershipForm, change: bool
    ) -> None:
        # Memberships are never changed by hand (MembershipAdmin): this is an addition.
        obj.pk = add_through_service(type(form), request.user, obj).pk
        obj.refresh_from_db()
