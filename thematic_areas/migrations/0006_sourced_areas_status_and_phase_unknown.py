from django.db import migrations

# The first loader of the real partnerships closed those without a NUTS lead
# and gave every one the first phase and the loading time as its leads' join
# date. None of that is in the sources: such areas are active, their phase
# and those dates, as the day it was proposed, unknown (thematic_areas.reference loads them so now).
CLOSED_BY_THE_LOADER = "so the portal lists it as closed"


def unknown_is_unknown(apps, schema_editor):
    ThematicArea = apps.get_model("thematic_areas", "ThematicArea")
    AreaMembership = apps.get_model("thematic_areas", "AreaMembership")
    loaded = ThematicArea.objects.filter(proposed_by__isnull=True, notes__startswith="Source:")
    loaded.filter(status="closed", notes__contains=CLOSED_BY_THE_LOADER).update(status="active")
    loaded.filter(phase="learn").update(phase="")
    loaded.update(created_at=None)
    AreaMembership.objects.filter(
        area__in=loaded, approved_by__isnull=True, left_at__isnull=True
    ).update(joined_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("thematic_areas", "0005_real_members_and_sources"),
    ]

    operations = [
        migrations.RunPython(unknown_is_unknown, migrations.RunPython.noop),
    ]
