"""The API's URLs: /api/v1/ resources from each app's router, the schema and its docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

import notifications.api.urls
import partnerships.api.urls
import projects.api.urls
import regions.api.urls
import thematic_areas.api.urls

v1 = [
    *regions.api.urls.urlpatterns,
    *thematic_areas.api.urls.urlpatterns,
    *partnerships.api.urls.urlpatterns,
    *projects.api.urls.urlpatterns,
    *notifications.api.urls.urlpatterns,
]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="api")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
