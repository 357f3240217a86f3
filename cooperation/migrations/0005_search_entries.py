from django.db import migrations

from core.db_operations import DropDocumentIndex, SearchEntries


class Migration(migrations.Migration):
    """The global search reads one table for every kind (`core.SearchEntry`): postings enter it."""

    dependencies = [("cooperation", "0004_search_folds_accents"), ("core", "0002_search_entries")]

    operations = [
        DropDocumentIndex("posting", "postings_search_document", ["title", "description"]),
        SearchEntries("posting", "postings", titles=["title"], others=["description"]),
    ]
