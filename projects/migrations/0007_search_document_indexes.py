from django.db import migrations

from core.db_operations import DocumentIndex


class Migration(migrations.Migration):
    dependencies = [("projects", "0006_project_newest_index")]

    operations = [
        DocumentIndex("investmentproject", "projects_search_document", ["title", "summary"]),
    ]
