from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "s3p_portal"
    verbose_name = "S3P portal"

    def ready(self):
        from .public_cache import forget_after_deploy, install_write_tracking

        connection_created.connect(install_write_tracking, dispatch_uid="public-cache-writes")
        # A deploy runs migrate: pages cached by the previous release (its
        # templates, its code) must not outlive it. Sent once per app with
        # models (this one has none), so the version moves a few times.
        post_migrate.connect(forget_after_deploy, dispatch_uid="public-cache-deploy")
