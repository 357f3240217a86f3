from django.db import migrations

from core.db_operations import DropDocumentIndex, SearchEntries


class Migration(migrations.Migration):
    """The global search reads one table for every kind (`core.SearchEntry`): partnerships, calls enter it."""

    dependencies = [("partnerships", "0007_search_folds_accents"), ("core", "0002_search_entries")]

    operations = [
        DropDocumentIndex("partnership", "partnerships_search_document", ["name", "description"]),
        SearchEntries("partnership", "partnerships", titles=["name"], others=["description"]),
        DropDocumentIndex("call", "calls_search_document", ["title", "description"]),
        SearchEntries("call", "calls", titles=["title"], others=["description"]),
    ]
