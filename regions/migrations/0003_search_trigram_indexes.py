from django.db import migrations

from core.db_operations import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("regions", "0002_affiliation_invitation")]

    operations = trigram_indexes("regions_cluster", "name", "acronym", "description")
