from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from s3p_portal.actions import form_data

from .forms import DeleteAccountForm
from .services import delete_account


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
