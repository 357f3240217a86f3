from django.contrib import admin

from .models import Follow, Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notifications are written with the change that causes them."""

    list_display = (
        "recipient",
        "kind",
        "message",
        "created_at",
        "read_at",
        "delivery",
        "emailed_at",
    )
    list_filter = ("kind", "delivery", ("read_at", admin.EmptyFieldListFilter))
    search_fields = ("recipient__email", "message", "dedupe_key")
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "frequency")
    list_filter = ("kind", "frequency")
    search_fields = ("user__email", "user__first_name", "user__last_name")
    autocomplete_fields = ("user",)
    list_select_related = ("user",)


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("user", "target_type", "target_id", "created_at")
    list_filter = (("target_type", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("user__email",)
    autocomplete_fields = ("user",)
    list_select_related = ("user", "target_type")
    date_hierarchy = "created_at"
