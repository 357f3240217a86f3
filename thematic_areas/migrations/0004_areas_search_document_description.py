from django.db import migrations

from core.db_operations import DocumentIndex, DropDocumentIndex


class Migration(migrations.Migration):
    """The global search looks in an area's description too, as its list and the API do."""

    dependencies = [("thematic_areas", "0003_search_document_indexes")]

    operations = [
        DropDocumentIndex("thematicarea", "areas_search_document", ["name", "summary"]),
        DocumentIndex(
            "thematicarea", "areas_search_document", ["name", "summary", "description"]
        ),
    ]
