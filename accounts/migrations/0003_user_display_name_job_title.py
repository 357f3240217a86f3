from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_token_expiry_and_password")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="display_name",
            field=models.CharField(
                blank=True,
                help_text="As colleagues know you; shown in histories and e-mails.",
                max_length=150,
                verbose_name="name",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="job_title",
            field=models.CharField(
                blank=True,
                help_text="E.g. “Smart-specialisation officer”.",
                max_length=150,
                verbose_name="job title",
            ),
        ),
    ]
