from django.db import migrations

from core.db_operations import DropDocumentIndex, SearchEntries


class Migration(migrations.Migration):
    """The global search reads one table for every kind (`core.SearchEntry`): events enter it."""

    dependencies = [("events", "0005_search_folds_accents"), ("core", "0002_search_entries")]

    operations = [
        DropDocumentIndex("event", "events_search_document", ["title", "description", "venue"]),
        SearchEntries("event", "events", titles=["title"], others=["description", "venue"]),
    ]
