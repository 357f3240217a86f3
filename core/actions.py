"""How the workflow pages run a service: a form in, the service's errors back onto the form.

Pages stay thin: they build a form, hand its cleaned data to a service
function, and show whatever `ValidationError` the service raises on the
form. `PermissionDenied` is left to propagate, so Django answers 403.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

T = TypeVar("T")


# The accept or decline page of one invitation: `view(request, pk)`.
AnswerView = Callable[[HttpRequest, int], HttpResponse]


class ConfirmForm(forms.Form):
    """A button-only action (approve, withdraw, accept, publish…): nothing to fill in."""


class ReasonForm(forms.Form):
    """A decision with a reason; the service says when the reason is required (rejections)."""

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant will see it. Required when you reject a request."),
    )


def form_data(request: HttpRequest) -> QueryDict | None:
    """The POST data on a POST, else None, so a form is bound exactly when it was submitted."""
    return request.POST if request.method == "POST" else None


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: dict errors on their fields, the rest on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, errors in error.error_dict.items():
        if field in form.fields:
            form.add_error(field, errors)
        elif field == NON_FIELD_ERRORS:
            form.add_error(None, errors)
        else:
            # A model field the form does not show: keep its name with the message.
            form.add_error(None, [f"{field}: {message}" for e in errors for message in e.messages])


def run_service(form: forms.BaseForm, service: Callable[[dict[str, Any]], T]) -> T | None:
    """Call `service(cleaned_data)` if the form is valid and return its result.

    Return None when the form is invalid or the service refused with a
    ValidationError; the errors are then on the form, ready to be shown again.
    """
    if not form.is_bound or not form.is_valid():
        return None
    try:
        return service(form.cleaned_data)
    except ValidationError as error:
        add_service_error(form, error)
        return None


def next_url(request: HttpRequest) -> str:
    """A same-site URL to come back to after an action (the dashboard, say), or ""."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def redirect_back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    return redirect(next_url(request) or fallback)


def perform_action(
    request: HttpRequest,
    *,
    service: Callable[[dict[str, Any]], T],
    done: Callable[[T], "StrOrPromise"],
    back_url: str | Model,
    title: "StrOrPromise",
    submit_label: "StrOrPromise",
    intro: "StrOrPromise" = "",
    details: Sequence[tuple["StrOrPromise", object]] | None = None,
    form: forms.BaseForm | None = None,
) -> HttpResponse:
    """The page of one action: run the service on a submitted form, say what was done
    and go back (to `next` or `back_url`: a URL, a view name or a model instance); otherwise
    show the form (on GET, and again with its errors after a refused POST). Without
    `form`, the action is a button to confirm (`ConfirmForm`)."""
    come_back = next_url(request)
    back = come_back or resolve_url(back_url)
    context = {
        "title": title,
        "intro": intro,
        "details": details or [],
        "submit_label": submit_label,
        "cancel_url": back,
        "next": come_back,
    }
    return save_form_page(
        request,
        form=ConfirmForm(form_data(request)) if form is None else form,
        service=service,
        done=done,
        template="action_form.html",
        context=context,
        go_to=lambda _result: back,
    )


def save_form_page(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    service: Callable[[dict[str, Any]], T],
    done: Callable[[T], "StrOrPromise"],
    template: str,
    context: dict[str, Any],
    go_to: Callable[[T], Any] | None = None,
) -> HttpResponse:
    """The page of a form that creates or edits something through `service`: once saved,
    say what was done and go to `go_to(result)` (by default the saved object's page);
    otherwise show `template` with the form (on GET, and again with its errors after a
    refused POST) and `context`."""
    result = run_service(form, service)
    if result:
        messages.success(request, done(result))
        destination: Any = go_to(result) if go_to else result
        return redirect(destination)
    return render(request, template, {"form": form, **context})


def model_values(instance: Model, names: Iterable[str]) -> dict[str, Any]:
    """What an edit form starts from: the instance's current value of each named field."""
    return {name: getattr(instance, name) for name in names}


def edit_page(
    request: HttpRequest,
    instance: Model,
    form: forms.BaseForm,
    update: Callable[..., T],
    saved: "StrOrPromise",
    *,
    name: str = "",
) -> HttpResponse:
    """The page editing `instance` through `update(user=…, <name>=instance, **data)`, where
    `name` is what the template calls the instance (by default its model's name).

    The page is titled “Edit <instance>” and shows `<app>/<name>_form.html`, the template
    that also creates one; once saved, it says `saved` and goes to the instance's page.
    """
    name = name or instance._meta.model_name or ""
    return save_form_page(
        request,
        form=form,
        service=lambda data: update(user=request.user, **{name: instance}, **data),
        done=lambda _result: saved,
        template=f"{instance._meta.app_label}/{name}_form.html",
        context={name: instance, "title": gettext("Edit “%(p)s”") % {"p": instance}},
    )


def guarded(
    fetch: Callable[..., T], may: Callable[[Any, T], bool], refusal: "StrOrPromise"
) -> Callable[..., T]:
    """`fetch` narrowed by a permission: `guarded(fetch, may, refusal)(request, *args)` is
    what `fetch(request, *args)` finds among what the user may see (else its 404), once
    `may(request.user, found)` holds; otherwise PermissionDenied(refusal), answered 403.

    Seeing and acting are two rules: an outsider gets the 404 before the 403 can tell them
    the object exists.
    """

    def fetch_if_allowed(request: HttpRequest, *args: Any, **kwargs: Any) -> T:
        found = fetch(request, *args, **kwargs)
        if not may(request.user, found):
            raise PermissionDenied(refusal)
        return found

    return fetch_if_allowed


def answer_views(answer: Callable[..., HttpResponse]) -> tuple[AnswerView, AnswerView]:
    """The accept and decline pages of one kind of invitation, for a signed-in user: both are
    `answer(request, pk, accept=…)`, so the two pages cannot drift apart."""

    @login_required
    def accept(request: HttpRequest, pk: int) -> HttpResponse:
        return answer(request, pk, accept=True)

    @login_required
    def decline(request: HttpRequest, pk: int) -> HttpResponse:
        return answer(request, pk, accept=False)

    return accept, decline
