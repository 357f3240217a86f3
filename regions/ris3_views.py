"""A region's RIS3 profile as its representatives keep it: thin views over `regions.ris3`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.actions import form_data, perform_action, run_service

from . import ris3
from .forms import Ris3PriorityForm
from .models import Region, Ris3Priority
from .permissions import can_keep_ris3_profile


def _kept_region(request: HttpRequest, code: str) -> Region:
    region = get_object_or_404(Region, code=code.upper())
    if not can_keep_ris3_profile(request.user, region):
        raise PermissionDenied(_("Only the region's verified representatives keep its profile."))
    return region


def _entry(region: Region, pk: int) -> Ris3Priority:
    return get_object_or_404(region.ris3_priorities, pk=pk)


def _profile_url(region: Region) -> str:
    return reverse("regions:ris3_profile", args=[region.code])


@login_required
def ris3_profile(request: HttpRequest, code: str) -> HttpResponse:
    region = _kept_region(request, code)
    entries = region.ris3_priorities.prefetch_related("codes").order_by("title")
    return render(request, "regions/ris3_profile.html", {"region": region, "entries": entries})


@login_required
def ris3_priority_create(request: HttpRequest, code: str) -> HttpResponse:
    region = _kept_region(request, code)
    return _priority_form(request, region, None)


@login_required
def ris3_priority_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    region = _kept_region(request, code)
    return _priority_form(request, region, _entry(region, pk))


def _priority_form(request: HttpRequest, region: Region, entry: Ris3Priority | None):
    form = Ris3PriorityForm(form_data(request), instance=entry)
    saved = run_service(
        form,
        lambda data: ris3.save_priority(user=request.user, region=region, entry=entry, **data),
    )
    if saved:
        messages.success(request, _("“%(title)s” is saved and published.") % {"title": saved.title})
        return redirect(_profile_url(region))
    context = {"region": region, "entry": entry, "form": form}
    return render(request, "regions/ris3_form.html", context)


@login_required
def ris3_priority_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    region = _kept_region(request, code)
    entry = _entry(region, pk)
    return perform_action(
        request,
        service=lambda data: ris3.delete_priority(user=request.user, entry=entry),
        done=lambda region: _("“%(title)s” is deleted.") % {"title": entry.title},
        back_url=_profile_url(region),
        title=_("Delete a priority of %(region)s") % {"region": region.display_name},
        intro=_("Matchmaking stops using its codes at once. The history keeps it."),
        details=[(_("Title"), entry.title)],
        submit_label=_("Delete the priority"),
    )
