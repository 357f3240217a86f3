from django.db import migrations

from core.db_operations import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("thematic_areas", "0001_initial")]

    operations = trigram_indexes("thematic_areas_thematicarea", "name", "summary")
