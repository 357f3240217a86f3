"""Project pages: thin views over `services.py`, `permissions.py` and `filters.py`."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.actions import (
    ConfirmForm,
    ReasonForm,
    edit_page,
    form_data,
    guarded,
    model_values,
    perform_action,
    run_service,
    save_form_page,
)
from core.batches import InBatches
from core.cache import cache_for_visitors
from core.counting import CountedPaginator
from core.csv_export import csv_response
from core.downloads import too_many_downloads
from regions.permissions import represented_clusters, represented_regions

from . import permissions, services
from .choices import FundingStatus
from .filters import ProjectFilter, funding_sum
from .forms import FundingForm, PartnerForm, ProjectCreateForm, ProjectEditForm, StageForm

PAGE_SIZE = 25
CENT = Decimal("0.01")


def _filtered(request):
    projects = (
        permissions.visible_projects(request.user)
        .select_related("area", "lead_region", "partnership")
        .annotate(
            secured=funding_sum(FundingStatus.SECURED),
            planned=funding_sum(FundingStatus.PLANNED),
        )
        .order_by("-created_at", "pk")
    )
    return ProjectFilter(request.GET or None, queryset=projects)


@cache_for_visitors
def project_list(request):
    filterset = _filtered(request)
    page = CountedPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "page_obj": page,
        "query": query.urlencode(),
        "can_create": request.user.is_authenticated
        and (
            represented_regions(request.user).exists()
            or represented_clusters(request.user).exists()
        ),
    }
    return render(request, "projects/project_list.html", context)


CSV_HEADER = [
    "slug",
    "title",
    "thematic_area",
    "lead_region_nuts",
    "lead_region",
    "country",
    "stage",
    "status",
    "trl",
    "total_investment_eur",
    "secured_eur",
    "planned_eur",
    "funding_gap_eur",
]


@cache_for_visitors
def project_list_csv(request):
    """Every project the list shows with the same filters, keyed by the lead region's NUTS code."""
    refused = too_many_downloads(request)
    if refused:
        return refused
    filterset = _filtered(request)
    if filterset.is_bound and not filterset.is_valid():
        return render(
            request,
            "projects/project_list.html",
            {"filter": filterset, "page": None, "page_obj": None},
            status=400,
        )
    rows = (
        [
            p.slug,
            p.title,
            p.area.name,
            p.lead_region.code,
            p.lead_region.display_name,
            p.lead_region.country,
            p.stage,
            p.status,
            p.trl,
            p.total_investment,
            p.secured.quantize(CENT),
            p.planned.quantize(CENT),
            (p.total_investment - p.secured).quantize(CENT),
        ]
        for p in InBatches(filterset.qs)
    )
    return csv_response("projects.csv", CSV_HEADER, rows)


def _visible(request, slug):
    return get_object_or_404(
        permissions.visible_projects(request.user).select_related(
            "area", "lead_region", "partnership", "published_by"
        ),
        slug=slug,
    )


# A project the user may see (else 404) and edit (else 403).
_editable = guarded(
    _visible, permissions.can_edit_project, gettext_lazy("You may not edit this project.")
)


@cache_for_visitors
def project_detail(request, slug):
    project = _visible(request, slug)
    sources = list(project.funding_sources.all())
    secured = sum((s.amount for s in sources if s.status == FundingStatus.SECURED), Decimal("0"))
    planned = sum((s.amount for s in sources if s.status == FundingStatus.PLANNED), Decimal("0"))
    user = request.user
    context = {
        "project": project,
        "partners": project.partners.select_related("region", "cluster"),
        "funding_sources": sources,
        "secured": secured,
        "planned": planned,
        "gap": project.total_investment - secured,
        "stage_changes": project.stage_changes.select_related("changed_by"),
        "can_edit": permissions.can_edit_project(user, project),
        "can_submit": permissions.can_submit_project(user, project),
        "can_review": permissions.can_review_project(user, project),
        "can_archive": permissions.can_archive_project(user, project),
    }
    if context["can_edit"]:
        context["stage_form"] = StageForm(initial={"stage": project.stage}, auto_id="stage-%s")
    return render(request, "projects/project_detail.html", context)


@login_required
def project_create(request):
    regions = represented_regions(request.user)
    clusters = represented_clusters(request.user)
    initial = {"area": request.GET.get("area")}
    return save_form_page(
        request,
        form=ProjectCreateForm(
            form_data(request), regions=regions, clusters=clusters, initial=initial
        ),
        service=lambda data: services.create_project(user=request.user, **data),
        done=lambda project: _("The draft “%(project)s” was created.") % {"project": project},
        template="projects/project_form.html",
        context={
            "has_organisations": regions.exists() or clusters.exists(),
            "title": _("New investment project"),
        },
    )


@login_required
def project_edit(request, slug):
    project = _editable(request, slug)
    fields = ("title", "summary", "partnership", "trl", "total_investment")
    form = ProjectEditForm(form_data(request), initial=model_values(project, fields))
    form.fields["partnership"].queryset = project.area.partnerships.all()
    saved = _("The project was saved.")
    return edit_page(request, project, form, _update_project, saved, name="project")


def _update_project(*, user, project, **data):
    return services.update_project(user=user, project_id=project.pk, **data)


@login_required
def partner_add(request, slug):
    project = _editable(request, slug)
    taken = project.partners.all()
    form = PartnerForm(
        form_data(request),
        regions=services.member_regions(project.area).exclude(
            pk__in=taken.filter(cluster__isnull=True).values("region")
        ),
        clusters=services.member_clusters(project.area).exclude(
            pk__in=taken.filter(cluster__isnull=False).values("cluster")
        ),
    )
    return perform_action(
        request,
        form=form,
        service=lambda data: services.add_partner(user=request.user, project_id=project.pk, **data),
        done=lambda partner: _("%(org)s was added.") % {"org": partner.organisation_name},
        back_url=project,
        title=_("Add a partner to “%(project)s”") % {"project": project},
        intro=_(
            "Member regions and clusters of the thematic area, or any other organisation "
            "by its name, type and country."
        ),
        submit_label=_("Add the partner"),
    )


@login_required
def funding_edit(request, slug, pk=None):
    project = _editable(request, slug)
    source = get_object_or_404(project.funding_sources, pk=pk) if pk else None
    initial = {}
    if source:
        initial = {"kind": source.kind, "amount": source.amount, "status": source.status}
        initial["note"] = source.note
    title = _("Edit a funding source") if source else _("Add a funding source")
    return perform_action(
        request,
        form=FundingForm(form_data(request), initial=initial),
        service=lambda data: services.save_funding_source(
            user=request.user, project_id=project.pk, source_id=pk, **data
        ),
        done=lambda saved: _("The funding source was saved."),
        back_url=project,
        title=f"{title} — {project}",
        intro=_("Total investment: %(total)s EUR.") % {"total": project.total_investment},
        submit_label=_("Save"),
    )


@login_required
@require_POST
def stage_change(request, slug):
    project = _editable(request, slug)
    form = StageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the stages."))
        return redirect(project)
    stage = form.cleaned_data["stage"]
    _run_action(
        request,
        lambda: services.change_stage(user=request.user, project_id=project.pk, stage=stage),
        _("The project moved to a new stage."),
    )
    return redirect(project)


def _run_action(request, action, success=""):
    """Run a button-only service; its ValidationError becomes a message on the page."""
    form = ConfirmForm(request.POST)
    done = run_service(form, lambda data: action())
    if done is not None and success:
        messages.success(request, success)
    # The form has no fields, so the service's errors all land on top of it.
    for error in form.non_field_errors():
        messages.error(request, error)
    return done


def _button_view(service, success):
    """The view of a button-only service on one project: run it, then back to the project."""

    @login_required
    @require_POST
    def view(request, slug):
        project = _visible(request, slug)
        _run_action(request, lambda: service(user=request.user, project_id=project.pk), success)
        return redirect(project)

    return view


def _removal_view(rows, remove, removed):
    """The view removing one of an editable project's `rows` (its partners, its funding
    sources) through `remove(user, row)`, saying `removed(row)`; then back to the project."""

    @login_required
    @require_POST
    def view(request, slug, pk):
        project = _editable(request, slug)
        row = get_object_or_404(getattr(project, rows), pk=pk)
        _run_action(request, lambda: remove(request.user, row), removed(row))
        return redirect(project)

    return view


partner_remove = _removal_view(
    "partners",
    lambda user, partner: services.remove_partner(user=user, partner_id=partner.pk),
    lambda partner: _("%(org)s was removed.") % {"org": partner.organisation_name},
)
funding_remove = _removal_view(
    "funding_sources",
    lambda user, source: services.remove_funding_source(user=user, source_id=source.pk),
    lambda source: _("The funding source was removed."),
)
project_submit = _button_view(
    services.submit_project,
    gettext_lazy("The project was sent to the area's leads for publication."),
)
project_publish = _button_view(services.publish_project, gettext_lazy("The project is published."))
project_archive = _button_view(services.archive_project, gettext_lazy("The project is archived."))


@login_required
def project_return(request, slug):
    project = _visible(request, slug)
    # On a POST the service refuses with the same 403.
    if request.method == "GET" and not permissions.may_review_project(request.user, project):
        raise PermissionDenied(_("Only a lead of the area or a moderator may return this project."))
    form = ReasonForm(form_data(request))
    form.fields["reason"].help_text = _("The project's representatives will see it.")
    return perform_action(
        request,
        form=form,
        service=lambda data: services.return_project(
            user=request.user, project_id=project.pk, reason=data["reason"]
        ),
        done=lambda returned: _("The project was returned to draft."),
        back_url=project,
        title=_("Return “%(project)s” to draft") % {"project": project},
        submit_label=_("Return to draft"),
    )
