from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

PROJECT = r"projects/(?P<project_slug>[-a-zA-Z0-9_]+)"

router = SimpleRouter()
router.register("projects", views.ProjectViewSet, basename="project")
router.register(f"{PROJECT}/partners", views.ProjectPartnerViewSet, basename="project-partner")
router.register(f"{PROJECT}/funding", views.ProjectFundingViewSet, basename="project-funding")

urlpatterns = [
    *router.urls,
    path(
        "thematic-areas/<slug:area_slug>/missing-priorities/",
        views.AreaMissingPrioritiesView.as_view(),
        name="area-missing-priorities",
    ),
    path(
        "regions/<str:code>/suggested-areas/",
        views.RegionSuggestedAreasView.as_view(),
        name="region-suggested-areas",
    ),
    path(
        "regions/<str:code>/similar-regions/",
        views.RegionSimilarRegionsView.as_view(),
        name="region-similar-regions",
    ),
    path(
        "projects/<slug:project_slug>/suggested-partners/",
        views.ProjectSuggestedPartnersView.as_view(),
        name="project-suggested-partners",
    ),
    path("pipeline/", views.PipelineView.as_view(), name="pipeline"),
]
