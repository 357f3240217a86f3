from django.db import migrations

from core.db_operations import RebuildDocumentIndex


class Migration(migrations.Migration):
    """The search folds accents ("slaskie" finds Śląskie): its index is built from the new document."""

    dependencies = [("cooperation", "0003_boards")]

    operations = [
        RebuildDocumentIndex("posting", "postings_search_document", ["title", "description"]),
    ]
