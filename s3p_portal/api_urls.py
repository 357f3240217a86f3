"""The API's URLs: /api/v1/ resources from each app's router, the schema and its docs."""

from django.http import JsonResponse
from django.urls import URLPattern, include, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

import cooperation.api.urls
import events.api.urls
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


resources = [
    *regions.api.urls.urlpatterns,
    *thematic_areas.api.urls.urlpatterns,
    *partnerships.api.urls.urlpatterns,
    *projects.api.urls.urlpatterns,
    *events.api.urls.urlpatterns,
    *cooperation.api.urls.urlpatterns,
    *portal.api.urls.urlpatterns,
    *notifications.api.urls.urlpatterns,
    *exports.urls(),
]


class ApiRoot(APIView):
    """The entry point of /api/v1/: each collection's URL, the caller's own (`me`), the
    schema and the documentation."""

    permission_classes = [AllowAny]

    @extend_schema(summary="List the API's collections", responses={200: dict[str, str]})
    def get(self, request: Request) -> Response:
        links = {
            route.strip("^$/"): reverse(f"api:{pattern.name}", request=request)
            for pattern in resources
            if isinstance(pattern, URLPattern)
            and pattern.name
            and pattern.name.endswith("-list")
            and not pattern.pattern.regex.groupindex
            for route in [str(pattern.pattern)]
        }
        return Response(
            {
                **dict(sorted(links.items())),
                "me": reverse("api:me", request=request),
                "schema": reverse("api-schema", request=request),
                "documentation": reverse("api-docs", request=request),
            }
        )


v1 = [path("", ApiRoot.as_view(), name="root"), *resources]

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
