from django.urls import path

from . import ris3_views, views

app_name = "regions"

# Included at the site root: regions, clusters and affiliations share this app.
urlpatterns = [
    path("regions/", views.region_list, name="region_list"),
    path("regions/<str:code>/", views.region_detail, name="region_detail"),
    path("regions/<str:code>/ris3/", ris3_views.ris3_profile, name="ris3_profile"),
    path("regions/<str:code>/ris3/new/", ris3_views.ris3_priority_create, name="ris3_create"),
    path(
        "regions/<str:code>/ris3/<int:pk>/edit/",
        ris3_views.ris3_priority_edit,
        name="ris3_edit",
    ),
    path(
        "regions/<str:code>/ris3/<int:pk>/delete/",
        ris3_views.ris3_priority_delete,
        name="ris3_delete",
    ),
    path("clusters/", views.cluster_list, name="cluster_list"),
    path("clusters/new/", views.cluster_create, name="cluster_create"),
    path("clusters/<slug:slug>/", views.cluster_detail, name="cluster_detail"),
    path("clusters/<slug:slug>/edit/", views.cluster_edit, name="cluster_edit"),
    path("affiliations/new/", views.affiliation_create, name="affiliation_create"),
    path("affiliations/invite/", views.colleague_invite, name="colleague_invite"),
    path(
        "affiliations/invitations/<int:pk>/accept/",
        views.colleague_invitation_accept,
        name="colleague_invitation_accept",
    ),
    path(
        "affiliations/invitations/<int:pk>/decline/",
        views.colleague_invitation_decline,
        name="colleague_invitation_decline",
    ),
    path(
        "regions/map/participation.json",
        views.participation_map_json,
        name="participation_map_json",
    ),
]
