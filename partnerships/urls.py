from django.urls import path

from . import views

app_name = "partnerships"

# Fixed paths come before "partnerships/<slug>/", so a partnership cannot shadow them.
urlpatterns = [
    path("calls/", views.call_list, name="call_list"),
    path("partnerships/", views.partnership_list, name="partnership_list"),
    path(
        "partnerships/requests/<int:pk>/approve/",
        views.join_request_approve,
        name="join_request_approve",
    ),
    path(
        "partnerships/requests/<int:pk>/reject/",
        views.join_request_reject,
        name="join_request_reject",
    ),
    path(
        "partnerships/requests/<int:pk>/withdraw/",
        views.join_request_withdraw,
        name="join_request_withdraw",
    ),
    path("partnerships/<slug:slug>/", views.partnership_detail, name="partnership_detail"),
    path("partnerships/<slug:slug>/join/", views.partnership_join, name="partnership_join"),
    path("partnerships/<slug:slug>/leave/", views.partnership_leave, name="partnership_leave"),
]
