from django.db import migrations

from core.db_operations import TrigramIndex, trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [
        *trigram_indexes("partnerships_partnership", "name", "description"),
        TrigramIndex("partnerships_call", "title"),
        TrigramIndex("partnerships_call", "description"),
    ]
