"""Matchmaking pages: suggestions for a region, an area and a project, each with its reasons."""

from django.shortcuts import get_object_or_404, render

from core.cache import cache_for_visitors
from projects import permissions
from regions.models import Region
from thematic_areas.permissions import visible_areas

from . import maps, matchmaking


@cache_for_visitors
def region_matches(request, code):
    region = get_object_or_404(Region.objects.select_related("parent"), code=code.upper())
    context = {
        "region": region,
        **matchmaking.region_suggestions(region),
        "own_points": matchmaking.OWN_PRIORITY_POINTS,
        "member_points": matchmaking.MEMBER_PRIORITY_POINTS,
    }
    return render(request, "portal/matchmaking_region.html", context)


@cache_for_visitors
def area_matches(request, slug):
    area = get_object_or_404(visible_areas(request.user), slug=slug)
    coverage = matchmaking.area_coverage(area)
    memberships = area.memberships.current().select_related("region")
    context = {
        "area": area,
        "coverage": coverage,
        "boost": matchmaking.COHESION_BOOST,
        "region_map": maps.area_map(area, memberships, coverage),
    }
    return render(request, "portal/matchmaking_area.html", context)


@cache_for_visitors
def project_partners(request, slug):
    project = get_object_or_404(
        permissions.visible_projects(request.user).select_related("area", "lead_region"),
        slug=slug,
    )
    suggestions = [s.as_dict() for s in matchmaking.suggested_partners(project)]
    context = {"project": project, "suggestions": suggestions}
    return render(request, "portal/matchmaking_project.html", context)
