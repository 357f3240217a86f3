from django.db import migrations

from core.db_operations import DropDocumentIndex, SearchEntries


class Migration(migrations.Migration):
    """The global search reads one table for every kind (`core.SearchEntry`): regions, clusters enter it."""

    dependencies = [("regions", "0008_search_folds_accents"), ("core", "0002_search_entries")]

    operations = [
        DropDocumentIndex(
            "region", "regions_search_document", ["name", "name_en", "name_national", "code"]
        ),
        SearchEntries(
            "region", "regions", titles=["code", "name", "name_en", "name_national"], others=[]
        ),
        DropDocumentIndex(
            "cluster", "clusters_search_document", ["name", "acronym", "description"]
        ),
        SearchEntries("cluster", "clusters", titles=["name", "acronym"], others=["description"]),
    ]
