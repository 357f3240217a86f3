from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "S3P portal"

    def ready(self) -> None:
        from django.apps import apps

        from .cache import forget_after_deploy, forget_after_outage, install_write_tracking
        from .moderators import sync_moderators_group
        from .resilient_cache import cache_recovered
        from .sessions import start_session

        # post_migrate is sent once for each app with models: both receivers
        # listen to the auth app's only, so they run once per migrate.
        auth = apps.get_app_config("auth")

        connection_created.connect(install_write_tracking, dispatch_uid="cache-writes")
        # A deploy runs migrate: what the previous release computed and
        # rendered (its templates, its code) must not outlive it.
        post_migrate.connect(forget_after_deploy, sender=auth, dispatch_uid="cache-deploy")
        post_migrate.connect(sync_moderators_group, sender=auth, dispatch_uid="moderators-group")
        cache_recovered.connect(forget_after_outage, dispatch_uid="cache-outage")
        user_logged_in.connect(start_session, dispatch_uid="session-start")
