from django.db import migrations

from core.db_operations import RebuildDocumentIndex


class Migration(migrations.Migration):
    """The search folds accents ("slaskie" finds Śląskie): its index is built from the new document."""

    dependencies = [("thematic_areas", "0007_demo_join_requests")]

    operations = [
        RebuildDocumentIndex(
            "thematicarea", "areas_search_document", ["name", "summary", "description"]
        ),
    ]
