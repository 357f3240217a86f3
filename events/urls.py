from django.urls import path

from . import views

app_name = "events"

# Fixed paths come before "events/<slug>/", so an event cannot shadow them.
urlpatterns = [
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
    path("events/<slug:slug>.ics", views.event_ics, name="event_ics"),
    path("events/<slug:slug>/edit/", views.event_edit, name="event_edit"),
    path("events/<slug:slug>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/<slug:slug>/register/", views.event_register, name="event_register"),
    path("events/<slug:slug>/unregister/", views.event_unregister, name="event_unregister"),
    path("events/<slug:slug>/participants/", views.event_participants, name="event_participants"),
    path("events/<slug:slug>/documents/new/", views.document_create, name="document_create"),
    path("events/<slug:slug>/people/", views.meeting_people, name="meeting_people"),
    path("events/<slug:slug>/profile/", views.meeting_profile, name="meeting_profile"),
    path("events/<slug:slug>/meet/<int:user_id>/", views.meeting_request, name="meeting_request"),
    path("events/<slug:slug>/agenda/", views.meeting_agenda, name="meeting_agenda"),
    path("events/<slug:slug>/agenda.ics", views.meeting_agenda_ics, name="meeting_agenda_ics"),
    *(
        path(
            f"events/<slug:slug>/meetings/<int:pk>/{decision}/",
            views.meeting_decide,
            {"decision": decision},
            name=f"meeting_{decision}",
        )
        for decision in views.MEETING_DECISIONS
    ),
    path(
        "events/<slug:slug>/documents/<int:pk>/",
        views.document_download,
        name="document_download",
    ),
]
