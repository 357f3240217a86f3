from django.db import migrations

from core.db_operations import DocumentIndex, trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0001_initial")]

    operations = [
        *trigram_indexes("cooperation_posting", "title", "description"),
        DocumentIndex("posting", "postings_search_document", ["title", "description"]),
    ]
