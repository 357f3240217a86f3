"""The "Commission moderators" group exists whenever the database is migrated.

A data migration (projects/0002) creates it; a flush (as the transactional
tests do) empties it with every other table, and Django re-creates only
content types and permissions after a flush, through `post_migrate`. This
receiver re-creates the group the same way, with the migration's list of
permissions, so the group is always there.
"""

import importlib

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

GROUP_MIGRATION = importlib.import_module("projects.migrations.0002_commission_moderators_group")


def ensure_moderators_group(sender, **kwargs):
    if Group.objects.filter(name=GROUP_MIGRATION.GROUP).exists():
        return
    # The permissions of apps later in INSTALLED_APPS may not exist yet.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    group = Group.objects.create(name=GROUP_MIGRATION.GROUP)
    for app_label, codename in GROUP_MIGRATION.codenames():
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
