"""The API's computed answers: suggestions under their resources, and the pipeline."""

from django.urls import path

from . import views

urlpatterns = [
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
