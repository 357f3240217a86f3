"""State only, no SQL (`sqlmigrate partnerships 0004` prints "(no-op)").

Partnership memberships now take `approved_by` from the abstract
`core.workflow.Membership`, with its translatable label "approved by",
which area memberships already had.
"""

from django.conf import settings
from django.db import migrations, models


def approved_by(on_delete, **options):
    return models.ForeignKey(
        blank=True,
        null=True,
        on_delete=on_delete,
        related_name="+",
        to=settings.AUTH_USER_MODEL,
        verbose_name="approved by",
        **options,
    )


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("partnerships", "0003_search_document_indexes"),
    ]

    operations = [
        # The history's copy of the field keeps no foreign key constraint.
        migrations.AlterField(
            "historicalpartnershipmembership",
            "approved_by",
            approved_by(models.DO_NOTHING, db_constraint=False),
        ),
        migrations.AlterField("partnershipmembership", "approved_by", approved_by(models.PROTECT)),
    ]
