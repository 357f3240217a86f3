from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("follow/<slug:kind>/<slug:slug>/", views.follow, name="follow"),
    path("unfollow/<slug:kind>/<slug:slug>/", views.unfollow, name="unfollow"),
]
