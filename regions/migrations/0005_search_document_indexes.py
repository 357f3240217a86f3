from django.db import migrations

from core.db_operations import DocumentIndex


class Migration(migrations.Migration):
    dependencies = [("regions", "0004_region_priority_is_demo")]

    operations = [
        DocumentIndex("region", "regions_search_document", ["name", "name_en", "name_national", "code"]),
        DocumentIndex("cluster", "clusters_search_document", ["name", "acronym", "description"]),
    ]
