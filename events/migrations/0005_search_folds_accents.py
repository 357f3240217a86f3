from django.db import migrations

from core.db_operations import RebuildDocumentIndex


class Migration(migrations.Migration):
    """The search folds accents ("slaskie" finds Śląskie): its index is built from the new document."""

    dependencies = [("events", "0004_bilateral_meetings")]

    operations = [
        RebuildDocumentIndex("event", "events_search_document", ["title", "description", "venue"]),
    ]
