from django.utils.translation import gettext_lazy as _

from core import app_config
from core.app_config import VIEW


class NotificationsConfig(app_config.DomainAppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    grants = {VIEW: ["notification", "preference", "follow"]}

    def ready(self):
        from accounts.signals import account_deleted

        from .services import forget_deleted_account

        super().ready()
        account_deleted.connect(
            forget_deleted_account, dispatch_uid="notifications-account-deleted"
        )
