from django.urls import path

from . import views

app_name = "partnerships"

# Fixed paths come before "partnerships/<slug>/", so a partnership cannot shadow them.
urlpatterns = [
    path("calls/", views.call_list, name="call_list"),
    path("partnerships/", views.partnership_list, name="partnership_list"),
    path("partnerships/propose/", views.partnership_propose, name="partnership_propose"),
    path("partnerships/proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    *(
        path(
            f"partnerships/proposals/invitations/<int:pk>/{answer}/",
            views.invitation_answer,
            {"answer": answer},
            name=f"invitation_{answer}",
        )
        for answer in ("confirm", "decline")
    ),
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
