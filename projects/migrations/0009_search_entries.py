from django.db import migrations

from core.db_operations import DropDocumentIndex, SearchEntries


class Migration(migrations.Migration):
    """The global search reads one table for every kind (`core.SearchEntry`): projects enter it."""

    dependencies = [("projects", "0008_search_folds_accents"), ("core", "0002_search_entries")]

    operations = [
        DropDocumentIndex("investmentproject", "projects_search_document", ["title", "summary"]),
        SearchEntries("investmentproject", "projects", titles=["title"], others=["summary"]),
    ]
