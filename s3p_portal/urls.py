from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("areas/", include("thematic_areas.urls")),
    path("notifications/", include("notifications.urls")),
    # These apps spell out their own prefixes (regions/, clusters/, affiliations/;
    # calls/, partnerships/), as each serves more than one.
    path("", include("regions.urls")),
    path("", include("partnerships.urls")),
    prefix_default_language=False,
)
