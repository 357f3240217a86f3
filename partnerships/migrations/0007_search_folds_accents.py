from django.db import migrations

from core.db_operations import RebuildDocumentIndex


class Migration(migrations.Migration):
    """The search folds accents ("slaskie" finds Śląskie): its index is built from the new document."""

    dependencies = [("partnerships", "0006_partnership_proposals")]

    operations = [
        RebuildDocumentIndex(
            "partnership", "partnerships_search_document", ["name", "description"]
        ),
        RebuildDocumentIndex("call", "calls_search_document", ["title", "description"]),
    ]
