from django.db import migrations

from core.db_operations import RebuildDocumentIndex


class Migration(migrations.Migration):
    """The search folds accents ("slaskie" finds Śląskie): its index is built from the new document."""

    dependencies = [("projects", "0007_search_document_indexes")]

    operations = [
        RebuildDocumentIndex("investmentproject", "projects_search_document", ["title", "summary"]),
    ]
