from django.db import migrations

from core.db_operations import DocumentIndex


class Migration(migrations.Migration):
    dependencies = [("thematic_areas", "0002_search_trigram_indexes")]

    operations = [
        DocumentIndex("thematicarea", "areas_search_document", ["name", "summary"]),
    ]
