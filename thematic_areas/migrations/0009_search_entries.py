from django.db import migrations

from core.db_operations import DropDocumentIndex, SearchEntries


class Migration(migrations.Migration):
    """The global search reads one table for every kind (`core.SearchEntry`): areas enter it."""

    dependencies = [
        ("thematic_areas", "0008_search_folds_accents"),
        ("core", "0002_search_entries"),
    ]

    operations = [
        DropDocumentIndex(
            "thematicarea", "areas_search_document", ["name", "summary", "description"]
        ),
        SearchEntries("thematicarea", "areas", titles=["name"], others=["summary", "description"]),
    ]
