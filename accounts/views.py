"""The personal API tokens page: create, list and revoke.

The secret of a new token is shown once, on the page answering its creation;
only its digest is stored, so it can never be shown again.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import ApiTokenForm
from .models import ApiToken


@login_required
def token_list(request):
    form = ApiTokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = ApiToken.issue(user=request.user, name=form.cleaned_data["name"].strip())
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
