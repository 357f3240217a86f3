from django.urls import path

from . import views

app_name = "cooperation"

# Fixed paths come before "cooperation/<slug>/", so a posting cannot shadow them
# (services.RESERVED_SLUGS keeps their names from postings).
urlpatterns = [
    path("cooperation/", views.posting_list, name="posting_list"),
    path("cooperation/new/", views.posting_create, name="posting_create"),
    path("cooperation/for-me/", views.fitting_postings, name="fitting_postings"),
    path("cooperation/conversations/", views.conversation_list, name="conversation_list"),
    path(
        "cooperation/conversations/<int:pk>/",
        views.conversation_detail,
        name="conversation_detail",
    ),
    path(
        "cooperation/conversations/new/<slug:kind>/<str:key>/",
        views.conversation_start,
        name="conversation_start",
    ),
    path("cooperation/boards/<slug:kind>/<slug:slug>/", views.board_detail, name="board"),
    path("cooperation/topics/<int:pk>/", views.topic_detail, name="topic_detail"),
    path("cooperation/interests/<int:pk>/accept/", views.interest_accept, name="interest_accept"),
    path(
        "cooperation/interests/<int:pk>/decline/",
        views.interest_decline,
        name="interest_decline",
    ),
    path(
        "cooperation/interests/<int:pk>/withdraw/",
        views.interest_withdraw,
        name="interest_withdraw",
    ),
    path("cooperation/<slug:slug>/", views.posting_detail, name="posting_detail"),
    path("cooperation/<slug:slug>/edit/", views.posting_edit, name="posting_edit"),
    path("cooperation/<slug:slug>/close/", views.posting_close, name="posting_close"),
    path("cooperation/<slug:slug>/interest/", views.interest_create, name="interest_create"),
]
