from django.contrib import admin
from django.db import models, transaction

from core.admin_tools import (
    CreatedByMixin,
    HistoryAdmin,
    NoDeleteMixin,
    ReadOnlyInline,
    ReadOnlyMixin,
)

from . import services
from .models import Event, EventDocument, Meeting, Registration


class RegistrationInline(ReadOnlyInline):
    """Who registered and who waits; registrations change only through the event's pages."""

    model = Registration
    fields = ("user", "status", "registered_at", "cancelled_at", "attended")
    select_related = ("user",)


@admin.register(Event)
class EventAdmin(CreatedByMixin, HistoryAdmin):
    """Moderators add the platform's events and change or hide any; an event is cancelled
    on its page, which tells the participants."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("title", "kind", "starts_at", "area", "partnership", "is_hidden", "is_demo")
    list_filter = ("kind", "is_hidden", "is_demo", "audience")
    search_fields = ("title", "description", "venue")
    autocomplete_fields = (
        "area",
        "partnership",
        "organiser_region",
        "organiser_cluster",
        "venue_region",
    )
    prepopulated_fields = {"slug": ("title",)}
    list_select_related = ("area", "partnership")
    date_hierarchy = "starts_at"
    readonly_fields = ("cancelled_at", "created_by", "created_at", "updated_at")
    inlines = [RegistrationInline]
    history_list_display = ["starts_at", "is_hidden"]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change:
                services.fill_places(obj)
            else:
                services.announce_event(obj, actor=request.user)


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("event", "user", "status", "registered_at", "attended")
    list_filter = ("status",)
    search_fields = ("event__title", "user__email")
    list_select_related = ("event", "user")


@admin.register(EventDocument)
class EventDocumentAdmin(NoDeleteMixin, admin.ModelAdmin):
    """Organisers publish documents on the event's page (files are checked there);
    moderators may retitle them or make them members-only."""

    list_display = ("title", "kind", "event", "visibility", "created_at")
    list_filter = ("kind", "visibility")
    search_fields = ("title", "text", "event__title")
    list_select_related = ("event",)
    fields = ("event", "kind", "title", "text", "file", "file_name", "visibility", "uploaded_by")
    readonly_fields = ("event", "file", "file_name", "uploaded_by")

    def has_add_permission(self, request):
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Bilateral meetings, asked and answered by the participants themselves."""

    list_display = ("event", "requester", "invitee", "status", "starts_at", "table")
    list_filter = ("status",)
    search_fields = ("event__title", "requester__email", "invitee__email")
    list_select_related = ("event", "requester", "invitee")
