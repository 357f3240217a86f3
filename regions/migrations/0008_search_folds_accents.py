from django.db import migrations

from core.db_operations import RebuildDocumentIndex


class Migration(migrations.Migration):
    """The search folds accents ("slaskie" finds Śląskie): its index is built from the new document."""

    dependencies = [("regions", "0007_ris3_priorities")]

    operations = [
        RebuildDocumentIndex(
            "region", "regions_search_document", ["name", "name_en", "name_national", "code"]
        ),
        RebuildDocumentIndex(
            "cluster", "clusters_search_document", ["name", "acronym", "description"]
        ),
    ]
