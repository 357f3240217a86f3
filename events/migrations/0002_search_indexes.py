from django.db import migrations

from core.db_operations import DocumentIndex, trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [
        *trigram_indexes("events_event", "title", "description", "venue"),
        DocumentIndex("event", "events_search_document", ["title", "description", "venue"]),
    ]
