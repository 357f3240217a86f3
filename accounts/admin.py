from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from core.admin_tools import ModerationMixin, NoDeleteMixin, ReadOnlyMixin

from .models import ApiToken, User
from .services import delete_account

# The admin is where Commission moderators work; every app's admin.py is
# loaded by autodiscovery, so the site's titles are set once, here.
admin.site.site_header = _("S3P Industrial Modernisation — moderation")
admin.site.site_title = _("S3P Industrial Modernisation moderation")
admin.site.index_title = _("Moderation")


class UserCreationForm(auth_forms.AdminUserCreationForm):
    """Django's admin creation form, for a user identified by e-mail alone."""

    class Meta:
        model = User
        fields = ("email",)


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(ModerationMixin, NoDeleteMixin, DjangoUserAdmin):
    """Users are anonymised, never deleted: their requests and decisions stay on record."""

    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Personal info"),
            {"fields": ("display_name", "job_title", "first_name", "last_name")},
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
        (
            _("Personal info"),
            {"fields": ("display_name", "job_title", "first_name", "last_name")},
        ),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "groups")}),
    )
    list_display = ("email", "display_name", "job_title", "is_active", "is_staff", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "display_name", "first_name", "last_name")
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined")
    date_hierarchy = "date_joined"
    # Deleting the row would cascade to affiliations and tokens, or be refused
    # for anyone who ever decided anything (NoDeleteMixin): accounts are
    # anonymised instead.
    actions = ["anonymise"]

    @admin.action(
        permissions=["change"],
        description=_("Delete the selected accounts (anonymise, keep their decisions)"),
    )
    def anonymise(self, request, queryset):
        for user in queryset:
            delete_account(user)
        self.message_user(request, _("%(count)d account(s) anonymised.") % {"count": len(queryset)})


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: tokens are issued and revoked by their owners; the digest is never shown."""

    list_display = (
        "name",
        "prefix",
        "user",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "prefix", "user__email")
    list_select_related = ("user",)
    date_hierarchy = "created_at"
    fields = ("user", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at")
    readonly_fields = fields
