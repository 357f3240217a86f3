from django.urls import path

from . import views

app_name = "thematic_areas"

# Fixed paths come before "<slug>/", so an area cannot shadow them.
urlpatterns = [
    path("", views.area_list, name="area_list"),
    path("propose/", views.area_propose, name="area_propose"),
    path("invitations/<int:pk>/accept/", views.invitation_accept, name="invitation_accept"),
    path("invitations/<int:pk>/decline/", views.invitation_decline, name="invitation_decline"),
    path("requests/<int:pk>/approve/", views.join_request_approve, name="join_request_approve"),
    path("requests/<int:pk>/reject/", views.join_request_reject, name="join_request_reject"),
    path("requests/<int:pk>/withdraw/", views.join_request_withdraw, name="join_request_withdraw"),
    path("<slug:slug>/", views.area_detail, name="area_detail"),
    path("<slug:slug>/join/", views.area_join, name="area_join"),
    path("<slug:slug>/leave/", views.area_leave, name="area_leave"),
    path("<slug:slug>/invite/", views.area_invite, name="area_invite"),
    path("<slug:slug>/reports/new/", views.report_create, name="report_create"),
    path("<slug:slug>/reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("<slug:slug>/reports/<int:pk>/publish/", views.report_publish, name="report_publish"),
]
