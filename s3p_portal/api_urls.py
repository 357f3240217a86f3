"""The API's URLs: /api/v1/ resources from each app's router, the schema and its docs."""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

import notifications.api.urls
import partnerships.api.urls
import portal.api.urls
import projects.api.urls
import regions.api.urls
import thematic_areas.api.urls
from portal import exports


@csrf_exempt
def not_found(request):
    """Anything else under /api/ (a malformed code or id, say) answers in JSON too, any method."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


v1 = [
    *regions.api.urls.urlpatterns,
    *thematic_areas.api.urls.urlpatterns,
    *partnerships.api.urls.urlpatterns,
    *projects.api.urls.urlpatterns,
    *portal.api.urls.urlpatterns,
    *notifications.api.urls.urlpatterns,
    *exports.urls(),
]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="api")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script from a URL, as the CSP allows no inline script.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
    re_path(r"^", not_found),
]
