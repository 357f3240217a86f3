"""Region and cluster pages, affiliations: thin views over `services.py` and `permissions.py`."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import has_verified_email
from core.actions import (
    answer_views,
    form_data,
    perform_action,
    run_service,
    save_form_page,
)
from core.cache import cache_for_visitors
from core.invitations import answer_page
from core.listing import Listing, render_list

from . import maps, permissions, services
from .choices import ClusterStatus
from .filters import ClusterFilter, RegionFilter
from .forms import AffiliationForm, ClusterCreateForm, ClusterProfileForm, ColleagueInvitationForm
from .models import AffiliationInvitation, Cluster, Priority, Region

PRIORITIES = Prefetch("priorities", queryset=Priority.objects.order_by("scheme", "code"))


def _yes_no(attribute):
    return lambda row: "yes" if getattr(row, attribute) else "no"


REGION_LISTING = Listing(
    filterset_class=RegionFilter,
    template="regions/region_list.html",
    fragment_template="regions/_region_listing.html",
    csv_filename="regions.csv",
    columns=[
        (gettext_lazy("NUTS code"), lambda r: r.code),
        (gettext_lazy("Name"), lambda r: r.display_name),
        (gettext_lazy("National name"), lambda r: r.name_national),
        (gettext_lazy("NUTS level"), lambda r: r.level),
        (gettext_lazy("Country"), lambda r: r.country),
        (gettext_lazy("Parent NUTS code"), lambda r: r.parent.code if r.parent else ""),
        (gettext_lazy("Cohesion category 2021–2027"), lambda r: r.cohesion_category),
        (
            gettext_lazy("Industrial-transition pilot"),
            _yes_no("industrial_transition_pilot"),
        ),
        (gettext_lazy("Cluster organisations"), lambda r: r.cluster_count),
    ],
)


@cache_for_visitors
def region_list(request):
    regions = Region.objects.select_related("parent").annotate(
        cluster_count=Count("clusters", filter=Q(clusters__status=ClusterStatus.PUBLISHED))
    )
    # An aggregate drops Meta.ordering; pages need a stable order.
    regions = regions.order_by("code")
    return render_list(request, REGION_LISTING, regions)


@cache_for_visitors
def region_detail(request, code):
    """A region and what it takes part in.

    Areas and projects belong to apps above regions. The page reaches them
    only through the reverse relations those apps declare (`area_memberships`,
    `led_projects`) and the queryset methods they define on them, so regions
    imports nothing from them and their rules (which areas and projects are
    public) stay in their own code.
    """
    region = get_object_or_404(Region.objects.select_related("parent"), code=code.upper())
    memberships = (
        region.area_memberships.current().public().select_related("area").order_by("area__name")
    )
    context = {
        "region": region,
        "ancestors": _ancestors(region),
        "children": region.children.order_by("code"),
        "ris3": region.ris3_priorities.filter(hidden=False).prefetch_related("codes"),
        "can_keep_profile": permissions.can_keep_ris3_profile(request.user, region),
        "can_write": permissions.can_write_to(request.user, region),
        # Codes recorded outside the profile (by moderators, or the demo's).
        "priorities": region.region_priorities.filter(from_profile=False).select_related(
            "priority"
        ),
        "led": preview(memberships.leads()),
        "joined": preview(memberships.exclude(pk__in=memberships.leads().values("pk"))),
        "clusters": preview(region.clusters.published().order_by("name")),
        "projects": preview(
            region.led_projects.published().select_related("area").order_by("title")
        ),
    }
    return render(request, "regions/region_detail.html", context)


# A region page cuts each of its lists here and links the full, filtered
# list: the busiest regions lead hundreds of projects and areas.
REGION_PAGE_ROWS = 20


@dataclass
class Preview:
    rows: list
    more: bool


def preview(queryset):
    """The first REGION_PAGE_ROWS rows, and whether there are more: one query."""
    rows = list(queryset[: REGION_PAGE_ROWS + 1])
    return Preview(rows[:REGION_PAGE_ROWS], len(rows) > REGION_PAGE_ROWS)


def _ancestors(region):
    # At most three levels up; each step is one query, bounded by the NUTS depth.
    chain = []
    parent = region.parent
    while parent is not None:
        chain.append(parent)
        parent = parent.parent
    return list(reversed(chain))


CLUSTER_LISTING = Listing(
    filterset_class=ClusterFilter,
    template="regions/cluster_list.html",
    fragment_template="regions/_cluster_listing.html",
    csv_filename="clusters.csv",
    columns=[
        (gettext_lazy("Slug"), lambda c: c.slug),
        (gettext_lazy("Name"), lambda c: c.name),
        (gettext_lazy("Acronym"), lambda c: c.acronym),
        (gettext_lazy("NUTS code"), lambda c: c.region.code),
        (gettext_lazy("Region"), lambda c: c.region.display_name),
        (gettext_lazy("Website"), lambda c: c.website),
        (gettext_lazy("ESCA cluster label"), lambda c: c.label),
        (gettext_lazy("Members"), lambda c: c.total_members),
        (
            gettext_lazy("Sectors and priorities"),
            lambda c: " ".join(f"{p.scheme}:{p.code}" for p in c.priorities.all()),
        ),
    ],
)


@cache_for_visitors
def cluster_list(request):
    # Only validated profiles are listed, whoever asks: a representative finds
    # their own pending profile on the dashboard.
    clusters = (
        Cluster.objects.published()
        .select_related("region")
        .prefetch_related(
            Prefetch("priorities", queryset=Priority.objects.order_by("scheme", "code"))
        )
    )
    return render_list(request, CLUSTER_LISTING, clusters)


@cache_for_visitors
def cluster_detail(request, slug):
    cluster = get_object_or_404(
        permissions.visible_clusters(request.user).select_related("region"), slug=slug
    )
    context = {
        "cluster": cluster,
        "priorities": cluster.priorities.all(),
        "memberships": cluster.partnership_memberships.current()
        .public()
        .select_related("partnership__area")
        .order_by("partnership__name"),
        "can_edit": permissions.can_edit_cluster(request.user, cluster),
        "can_write": permissions.can_write_to(request.user, cluster),
    }
    return render(request, "regions/cluster_detail.html", context)


@login_required
def cluster_create(request):
    form = ClusterCreateForm(form_data(request))
    cluster = run_service(form, lambda data: _create_cluster(request.user, form))
    if cluster:
        messages.success(
            request,
            _(
                "The profile of %(cluster)s awaits validation by a moderator, and your request "
                "to represent it awaits verification. Your dashboard shows both."
            )
            % {"cluster": cluster},
        )
        return redirect("dashboard")
    context = {"form": form, "email_verified": has_verified_email(request.user)}
    return render(request, "regions/cluster_form.html", context)


def _create_cluster(user, form):
    priorities, profile = form.profile_data()
    data = form.cleaned_data
    return services.create_cluster_profile(
        user=user,
        region=data["region"],
        role_title=data["role_title"],
        official_email=data["official_email"],
        justification=data["justification"],
        priorities=priorities,
        **profile,
    )


@login_required
def cluster_edit(request, slug):
    cluster = get_object_or_404(permissions.visible_clusters(request.user), slug=slug)
    if not permissions.can_edit_cluster(request.user, cluster):
        raise PermissionDenied(_("Only the cluster's representatives may edit its profile."))
    form = ClusterProfileForm(form_data(request), cluster=cluster)

    def update(data):
        priorities, profile = form.profile_data()
        return services.update_cluster_profile(
            user=request.user, cluster=cluster, priorities=priorities, **profile
        )

    return save_form_page(
        request,
        form=form,
        service=update,
        done=lambda updated: _("The profile was saved."),
        template="regions/cluster_form.html",
        context={"cluster": cluster},
    )


@login_required
def affiliation_create(request):
    return save_form_page(
        request,
        form=AffiliationForm(form_data(request)),
        service=lambda data: services.request_affiliation(user=request.user, **data),
        done=lambda affiliation: (
            _("Your request to represent %(organisation)s was sent to the moderators.")
            % {"organisation": affiliation.organisation}
        ),
        go_to=lambda affiliation: "dashboard",
        template="regions/affiliation_form.html",
        context={"email_verified": has_verified_email(request.user)},
    )


@login_required
def colleague_invite(request):
    regions = permissions.represented_regions(request.user)
    if not regions.exists():
        raise PermissionDenied(_("Only a verified region representative may invite colleagues."))
    return perform_action(
        request,
        form=ColleagueInvitationForm(form_data(request), members=regions),
        service=lambda data: services.invite_colleague(user=request.user, **data),
        done=lambda invitation: (
            _("%(email)s is invited to represent %(region)s.")
            % {"email": invitation.email, "region": invitation.region}
        ),
        back_url="dashboard",
        title=_("Invite a colleague to represent your region"),
        intro=_(
            "Your colleague receives an e-mail and, once they accept with that address, "
            "represents the region with you. Moderators can revoke it."
        ),
        submit_label=_("Send the invitation"),
    )


def _respond_to_colleague_invitation(request, pk, *, accept):
    invitation = get_object_or_404(
        AffiliationInvitation.objects.select_related("region", "invited_by"),
        pk=pk,
        email__iexact=request.user.email,
    )
    return answer_page(
        request,
        accept=accept,
        answer=lambda: services.respond_to_colleague_invitation(
            user=request.user, invitation_id=invitation.pk, accept=accept
        ),
        names={"region": invitation.region},
        accepted=_("You now represent %(region)s."),
        declined=_("You declined to represent %(region)s."),
        title=_("%(verb)s the invitation to represent %(region)s"),
        back_url="dashboard",
        details=[(_("Invited by"), invitation.invited_by.get_full_name() or "—")],
    )


colleague_invitation_accept, colleague_invitation_decline = answer_views(
    _respond_to_colleague_invitation
)


@cache_for_visitors
def participation_map_json(request):
    """Every NUTS 2 region once, with its name and the number of areas it takes part in."""
    return JsonResponse(maps.participation_map().as_dict())
