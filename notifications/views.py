"""The user's notifications, e-mail preferences and follows: thin views over `services.py`."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.actions import form_data, redirect_back

from . import services
from .choices import Frequency
from .follows import FOLLOWABLES, find_visible
from .forms import PreferencesForm

PAGE_SIZE = 20


@login_required
def notification_list(request):
    notifications = request.user.notifications.order_by("-created_at", "-pk")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page, "page_obj": page})


@login_required
@require_POST
def mark_read(request, pk):
    if not services.mark_read(user=request.user, notification_id=pk):
        raise Http404
    return redirect_back(request, "notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d notification marked read.", "%(count)d notifications marked read.", count
        )
        % {"count": count},
    )
    return redirect_back(request, "notifications:list")


@login_required
def preferences(request):
    form = PreferencesForm(form_data(request), frequencies=services.frequencies_of(request.user))
    if form.is_bound and form.is_valid():
        services.save_preferences(user=request.user, frequencies=form.cleaned_data)
        messages.success(request, _("Your e-mail preferences are saved."))
        return redirect("notifications:preferences")
    context = {"form": form, "frequencies": Frequency.choices}
    return render(request, "notifications/preferences.html", context)


@login_required
@require_POST
def follow(request, kind, slug):
    target = find_visible(request.user, kind, slug)
    if target is None:
        raise Http404
    services.follow(user=request.user, target=target)
    messages.success(request, _("You now follow “%(target)s”.") % {"target": target})
    return redirect_back(request, FOLLOWABLES[kind].url_of(target))


@login_required
@require_POST
def unfollow(request, kind, slug):
    # An object the user follows but may no longer see can still be unfollowed.
    target = find_visible(request.user, kind, slug)
    if target is None and kind in FOLLOWABLES:
        model = apps.get_model(FOLLOWABLES[kind].model_label)
        target = services.followed_by(request.user, model, slug, FOLLOWABLES[kind].lookup)
    if target is None:
        raise Http404
    services.unfollow(user=request.user, target=target)
    messages.success(request, _("You no longer follow “%(target)s”.") % {"target": target})
    return redirect_back(request, FOLLOWABLES[kind].url_of(target))
