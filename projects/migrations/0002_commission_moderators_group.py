"""Create the "Commission moderators" group with the model permissions moderators need.

Moderators view everything and change what they moderate; nobody deletes
records that carry history (they are archived or closed instead).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Commission moderators"

VIEW_ONLY = {
    "accounts": ["user"],
    "account": ["emailaddress"],
    "regions": [
        "clustervalidation",
        "affiliationinvitation",
        "historicalcluster",
        "historicalaffiliation",
    ],
    "thematic_areas": [
        "leadinvitation",
        "historicalthematicarea",
        "historicalareamembership",
        "historicalareajoinrequest",
        "historicalprogressreport",
    ],
    "partnerships": [
        "historicalpartnership",
        "historicalpartnershipmembership",
        "historicalpartnershipjoinrequest",
    ],
    "projects": [
        "stagechange",
        "historicalinvestmentproject",
        "historicalprojectpartner",
        "historicalfundingsource",
    ],
    "notifications": ["notification", "preference", "follow"],
}
VIEW_AND_CHANGE = {
    "regions": ["region", "affiliation", "cluster"],
    "thematic_areas": ["thematicarea", "areajoinrequest", "progressreport"],
    "partnerships": ["partnershipjoinrequest"],
    "projects": ["investmentproject"],
}
ADD_VIEW_CHANGE = {
    "regions": ["priority", "regionpriority"],
    "thematic_areas": ["areamembership"],
    "partnerships": ["call", "partnership", "partnershipmembership"],
    "projects": ["projectpartner", "fundingsource"],
}


def codenames():
    for actions, table in (
        (["view"], VIEW_ONLY),
        (["view", "change"], VIEW_AND_CHANGE),
        (["add", "view", "change"], ADD_VIEW_CHANGE),
    ):
        for app_label, models in table.items():
            for model in models:
                for action in actions:
                    yield app_label, f"{action}_{model}"


def create_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, codename in codenames():
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
        ("regions", "0002_affiliation_invitation"),
        ("notifications", "0001_initial"),
        ("account", "0009_emailaddress_unique_primary_email"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
