from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

import portal.urls
import projects.urls
from accounts.views import LoginView, delete_account_page, profile_page
from core import health
from portal import report_views, views

# The API is language-neutral: no /fr/ or /de/ prefix.
urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("health/", health.readiness, name="health"),
    path("api/", include("s3p_portal.api_urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("accounts/api-tokens/", include("accounts.urls")),
    path("accounts/delete/", delete_account_page, name="account_delete"),
    path("accounts/profile/", profile_page, name="account_profile"),
    path("accounts/login/", LoginView.as_view(), name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/decisions/<slug:kind>/", views.decisions_waiting, name="decisions_waiting"),
    path("moderation/", views.moderation_queue, name="moderation_queue"),
    path("report/<slug:kind>/<slug:slug>/", report_views.report_content, name="report_content"),
    path("search/", views.search_page, name="search"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("legal-notice/", views.legal_notice, name="legal_notice"),
    path("areas/", include("thematic_areas.urls")),
    path("notifications/", include("notifications.urls")),
    # These apps spell out their own prefixes (regions/, clusters/, affiliations/;
    # calls/, partnerships/; projects/, pipeline/, matchmaking/), as each serves more than one.
    path("", include("regions.urls")),
    path("", include("partnerships.urls")),
    path("", include("events.urls")),
    path("", include("cooperation.urls")),
    path("", include((portal.urls.urlpatterns + projects.urls.urlpatterns, "projects"))),
    prefix_default_language=False,
)

handler500 = "core.error_pages.server_error"
