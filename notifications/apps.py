from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from accounts.signals import account_deleted
        from core import moderators

        from .services import forget_deleted_account

        account_deleted.connect(
            forget_deleted_account, dispatch_uid="notifications-account-deleted"
        )
        moderators.grant(self.label, ["notification", "preference", "follow"], ["view"])
