from django.urls import path

from . import views

app_name = "projects"

# Included at the site root, like regions and partnerships, together with
# the pages of `portal` (s3p_portal/urls.py). Fixed paths come before
# "projects/<slug>/", so a project cannot shadow them.
urlpatterns = [
    path("projects/", views.project_list, name="project_list"),
    path("projects/export.csv", views.project_list_csv, name="project_list_csv"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<slug:slug>/", views.project_detail, name="project_detail"),
    path("projects/<slug:slug>/edit/", views.project_edit, name="project_edit"),
    path("projects/<slug:slug>/partners/add/", views.partner_add, name="partner_add"),
    path(
        "projects/<slug:slug>/partners/<int:pk>/remove/",
        views.partner_remove,
        name="partner_remove",
    ),
    path("projects/<slug:slug>/funding/add/", views.funding_edit, name="funding_add"),
    path("projects/<slug:slug>/funding/<int:pk>/edit/", views.funding_edit, name="funding_edit"),
    path(
        "projects/<slug:slug>/funding/<int:pk>/remove/",
        views.funding_remove,
        name="funding_remove",
    ),
    path("projects/<slug:slug>/stage/", views.stage_change, name="stage_change"),
    path("projects/<slug:slug>/submit/", views.project_submit, name="project_submit"),
    path("projects/<slug:slug>/publish/", views.project_publish, name="project_publish"),
    path("projects/<slug:slug>/return/", views.project_return, name="project_return"),
    path("projects/<slug:slug>/archive/", views.project_archive, name="project_archive"),
]
