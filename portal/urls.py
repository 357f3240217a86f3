"""Pages built on several apps: the pipeline, matchmaking, feeds and the calendar of calls.

The root URL configuration serves them in the `projects` namespace, where
they were first published, so their names stay stable for templates.
"""

from django.urls import path

from . import calendar_views, feeds, matchmaking_views, pipeline_views

urlpatterns = [
    path("calls/calendar/", calendar_views.calendar_page, name="calls_calendar"),
    path("calendar/private/", calendar_views.calendar_feed_page, name="calendar_feed"),
    path(
        "calendar/private/<str:secret>.ics",
        calendar_views.private_calendar,
        name="private_calendar",
    ),
    path("calls/calendar.ics", feeds.calls_ical, name="calls_ical"),
    path("feeds/areas.atom", feeds.AreaFeed(), name="area_feed"),
    path("feeds/calls.atom", feeds.CallFeed(), name="call_feed"),
    path("feeds/projects.atom", feeds.ProjectFeed(), name="project_feed"),
    path("feeds/events.atom", feeds.EventFeed(), name="event_feed"),
    path("pipeline/", pipeline_views.pipeline, name="pipeline"),
    path("pipeline/figures.json", pipeline_views.pipeline_json, name="pipeline_json"),
    path("pipeline/<slug:key>.csv", pipeline_views.pipeline_csv, name="pipeline_csv"),
    path(
        "matchmaking/regions/<str:code>/", matchmaking_views.region_matches, name="region_matches"
    ),
    path("matchmaking/areas/<slug:slug>/", matchmaking_views.area_matches, name="area_matches"),
    path(
        "projects/<slug:slug>/partners/",
        matchmaking_views.project_partners,
        name="suggested_partners",
    ),
]
