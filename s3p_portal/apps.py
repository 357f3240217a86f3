from django.apps import AppConfig
from django.db.backends.signals import connection_created


class PortalConfig(AppConfig):
    name = "s3p_portal"
    verbose_name = "S3P portal"

    def ready(self):
        from .public_cache import install_write_tracking

        connection_created.connect(install_write_tracking, dispatch_uid="public-cache-writes")
