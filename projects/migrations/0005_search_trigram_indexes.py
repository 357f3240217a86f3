from django.db import migrations

from core.db_operations import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("projects", "0004_partner_country_index")]

    operations = trigram_indexes("projects_investmentproject", "title", "summary")
