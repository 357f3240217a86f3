from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import has_verified_email
from cooperation.matching import fitting_postings
from core.cache import cache_for_visitors, cached_until_write
from core.demo_switch import includes_demo
from core.moderators import is_moderator
from core.workflow import RequestStatus
from partnerships.models import Call, Partnership, PartnershipJoinRequest
from partnerships.permissions import requests_to_partnerships_run_by
from portal import moderation
from portal.search import MAX_QUERY_LENGTH, MIN_QUERY_LENGTH, search
from projects.choices import ProjectStatus
from projects.models import InvestmentProject
from projects.permissions import reviewed_projects
from regions.choices import AffiliationStatus, InvitationStatus, NutsLevel
from regions.maps import participation_map
from regions.models import AffiliationInvitation, Cluster, Region
from regions.permissions import represented_clusters, represented_regions
from thematic_areas.choices import AreaStatus
from thematic_areas.choices import InvitationStatus as LeadInvitationStatus
from thematic_areas.models import AreaJoinRequest, AreaMembership, LeadInvitation, ThematicArea
from thematic_areas.permissions import requests_to_areas_led_by

# How many rows each list of the dashboard shows (the rest: a count and a link).
DASHBOARD_ROWS = 20
DECISIONS_PER_PAGE = 25


@dataclass(frozen=True)
class FirstRows:
    """The first rows of a list, and how many there are in all (counted only when cut)."""

    rows: list[Any]
    total: int

    @property
    def more(self) -> bool:
        return self.total > len(self.rows)


def first_rows(queryset: QuerySet[Any], limit: int = DASHBOARD_ROWS) -> FirstRows:
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return FirstRows(rows, len(rows))
    return FirstRows(rows[:limit], queryset.count())


@cache_for_visitors
def home(request):
    with_demo = includes_demo(request)
    data = cached_until_write(
        "home-with-demo" if with_demo else "home", lambda: _home_data(with_demo)
    )
    return render(request, "home.html", {**data, "with_demo": with_demo})


def _shown_and_demo(queryset, include_demo):
    """How many rows the figure shows, and how many of them are demo rows, in one query."""
    counts = queryset.aggregate(rows=Count("pk"), demo=Count("pk", filter=Q(is_demo=True)))
    shown = counts["rows"] if include_demo else counts["rows"] - counts["demo"]
    return shown, counts["demo"]


def _home_data(include_demo):
    areas = ThematicArea.objects.public()
    active_members = AreaMembership.objects.current().filter(area__status=AreaStatus.ACTIVE)
    # Participating regions per country, beside the map's own region table.
    countries = list(
        active_members.values("region__country")
        .annotate(regions=Count("region", distinct=True))
        .order_by("-regions", "region__country")
    )
    figures = areas.aggregate(active=Count("pk", filter=Q(status=AreaStatus.ACTIVE)))
    # A region is in one country: the per-country counts add up to the total.
    figures["regions"] = sum(country["regions"] for country in countries)
    counted = {
        "clusters": Cluster.objects.published(),
        "partnerships": Partnership.objects.filter(area__in=areas),
        "open_calls": Call.objects.open_now(),
        "projects": InvestmentProject.objects.published(),
    }
    # Demo records the figures leave out (or include): the page says so.
    figures["demo_records"] = 0
    for name, rows in counted.items():
        figures[name], demo = _shown_and_demo(rows, include_demo)
        figures["demo_records"] += demo
    figures["nuts_regions"] = Region.objects.exclude(level=NutsLevel.COUNTRY).count()
    return {
        "figures": figures,
        "newest_areas": list(
            areas.filter(status=AreaStatus.ACTIVE).order_by(
                F("created_at").desc(nulls_last=True), "name"
            )[:6]
        ),
        "open_calls": list(Call.objects.open_now().order_by("closes_on")[:5]),
        "participation_map": participation_map(),
        "countries": countries,
    }


def search_page(request):
    """`/search/?q=`: what the user may see, grouped by kind, each group bounded."""
    query = " ".join(request.GET.get("q", "").split())
    error = ""
    groups = []
    if len(query) > MAX_QUERY_LENGTH:
        error = _("Search for at most %(count)d characters.") % {"count": MAX_QUERY_LENGTH}
    elif query and len(query) < MIN_QUERY_LENGTH:
        error = _("Type at least %(count)d characters to search.") % {"count": MIN_QUERY_LENGTH}
    elif query:
        groups = search(request.user, query)
    context = {
        "search_query": query,
        "error": error,
        "groups": groups,
        "total": sum(group.count for group in groups),
        "more": any(group.more for group in groups),
    }
    return render(request, "search.html", context, status=400 if error else 200)


def accessibility(request):
    return render(request, "accessibility.html")


def legal_notice(request):
    return render(request, "legal_notice.html")


@login_required
def dashboard(request):
    """The user's affiliations, requests, decisions waiting for them and notifications.

    Every list is one query, whatever its length (select_related throughout).
    """
    user = request.user
    affiliations = list(user.affiliations.select_related("region", "cluster"))
    context = {
        "email_verified": has_verified_email(user),
        "affiliations": affiliations,
        "has_verified_affiliation": any(
            a.status == AffiliationStatus.VERIFIED for a in affiliations
        ),
        "has_region": any(
            a.status == AffiliationStatus.VERIFIED and a.region_id for a in affiliations
        ),
        "colleague_invitations": AffiliationInvitation.objects.filter(
            email__iexact=user.email, status=InvitationStatus.PENDING
        ).select_related("region", "invited_by"),
        **_my_requests(user),
        "decisions": _decision_sections(user),
        "fitting_postings": _fitting_postings(user),
        "notifications": user.notifications.all()[:DASHBOARD_ROWS],
    }
    return render(request, "dashboard.html", context)


def _fitting_postings(user):
    """The open postings that fit the user's organisations, best first, cut at DASHBOARD_ROWS."""
    fits = fitting_postings(user)
    return FirstRows(fits[:DASHBOARD_ROWS], len(fits))


def _my_requests(user):
    return {
        "area_requests": AreaJoinRequest.objects.filter(region__in=represented_regions(user))
        .select_related("area", "region")
        .order_by("-created_at")[:DASHBOARD_ROWS],
        "partnership_requests": PartnershipJoinRequest.objects.filter(
            cluster__in=represented_clusters(user)
        )
        .select_related("partnership", "cluster")
        .order_by("-created_at")[:DASHBOARD_ROWS],
    }


def _decisions_waiting(user):
    """The decisions the user takes for a region or a cluster they represent, oldest first,
    by kind (DECISION_KINDS).

    The moderators' powers are left out: they decide in the admin, and every
    request on the platform would be theirs.
    """
    pending = RequestStatus.PENDING
    return {
        "areas": requests_to_areas_led_by(user)
        .filter(status=pending)
        .select_related("area", "region")
        .order_by("created_at"),
        "partnerships": requests_to_partnerships_run_by(user)
        .filter(status=pending)
        .select_related("partnership", "cluster")
        .order_by("created_at"),
        "invitations": LeadInvitation.objects.filter(
            region__in=represented_regions(user), status=LeadInvitationStatus.PENDING
        )
        .select_related("area", "region")
        .order_by("created_at"),
        "projects": reviewed_projects(user)
        .filter(status=ProjectStatus.SUBMITTED)
        .select_related("area", "lead_region")
        .order_by("updated_at"),
    }


# The kinds of decision, each with its heading; `dashboard/_decisions_<kind>.html` lists them.
DECISION_KINDS = {
    "areas": gettext_lazy("Requests to join thematic areas your regions lead"),
    "partnerships": gettext_lazy(
        "Requests to join partnerships you coordinate or whose area your region leads"
    ),
    "invitations": gettext_lazy("Invitations to co-lead a thematic area"),
    "projects": gettext_lazy("Investment projects submitted in areas your regions lead"),
}


@dataclass(frozen=True)
class DecisionSection:
    kind: str
    title: str
    shown: FirstRows

    @property
    def list_template(self) -> str:
        return decisions_list_template(self.kind)


def decisions_list_template(kind: str) -> str:
    return f"dashboard/_decisions_{kind}.html"


def _decision_sections(user):
    """The dashboard's decision lists that hold something, each cut at DASHBOARD_ROWS."""
    sections = [
        DecisionSection(kind, DECISION_KINDS[kind], first_rows(rows))
        for kind, rows in _decisions_waiting(user).items()
    ]
    return [section for section in sections if section.shown.rows]


@login_required
def decisions_waiting(request: HttpRequest, kind: str) -> HttpResponse:
    """All the decisions of one kind waiting for the user, paged: the dashboard shows 20."""
    if kind not in DECISION_KINDS:
        raise Http404
    rows = _decisions_waiting(request.user)[kind]
    page = Paginator(rows, DECISIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "list_template": decisions_list_template(kind),
        "title": DECISION_KINDS[kind],
    }
    return render(request, "dashboard/decisions.html", context)


@login_required
def moderation_queue(request: HttpRequest) -> HttpResponse:
    """Everything that waits for the Commission's moderators, oldest first, with its admin page."""
    if not is_moderator(request.user):
        raise PermissionDenied(_("Only the Commission's moderators have a moderation queue."))
    context = {"counts": moderation.counts(), "items": moderation.oldest_first()}
    return render(request, "moderation_queue.html", context)


def favicon(request: HttpRequest) -> HttpResponse:
    """For clients that ask for /favicon.ico without reading the page's <link rel="icon">."""
    return redirect(static("favicon.svg"), permanent=True)
