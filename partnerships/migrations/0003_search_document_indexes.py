from django.db import migrations

from core.db_operations import DocumentIndex


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0002_search_trigram_indexes")]

    operations = [
        DocumentIndex("partnership", "partnerships_search_document", ["name", "description"]),
        DocumentIndex("call", "calls_search_document", ["title", "description"]),
    ]
