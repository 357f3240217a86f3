"""Account pages of the portal's own: personal API tokens and account deletion, and the
log-in page's answer to too many failed attempts.

The secret of a new token is shown once, on the page answering its creation;
only its digest is stored, so it can never be shown again.
"""

from allauth.account.views import LoginView as AllauthLoginView
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.actions import form_data

from .forms import ApiTokenForm, DeleteAccountForm, ProfileForm
from .models import ApiToken
from .services import delete_account


@login_required
def token_list(request):
    form = ApiTokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = ApiToken.issue(
            user=request.user,
            name=form.cleaned_data["name"].strip(),
            lifetime=form.cleaned_data["lifetime"],
        )
        form = ApiTokenForm()
    tokens = request.user.api_tokens.active()
    context = {"form": form, "tokens": tokens, "secret": secret}
    response = render(request, "accounts/token_list.html", context)
    # The page with a fresh secret must not stay in any cache or history.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(request.user.api_tokens.active(), pk=pk)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:token_list")


@login_required
@require_http_methods(["GET", "POST"])
def profile_page(request):
    form = ProfileForm(form_data(request), instance=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("account_profile")
    return render(request, "account/profile.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def delete_account_page(request):
    form = DeleteAccountForm(form_data(request), user=request.user)
    if form.is_valid():
        delete_account(request.user)
        logout(request)
        messages.success(request, _("Your account is closed and your personal data erased."))
        return redirect("home")
    return render(request, "account/delete.html", {"form": form})


class LoginView(AllauthLoginView):
    """allauth's log-in page, answering 429 once failed attempts hit their limit
    (`ACCOUNT_RATE_LIMITS["login_failed"]`), as its other limits do."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        codes = {error.code for error in form.non_field_errors().as_data()}
        if "too_many_login_attempts" in codes:
            response.status_code = 429
        return response
