"""API tokens expire, and end when their user's password changes.

Tokens issued before get a year from their creation, and are bound to their
user's current password as `User.get_session_auth_hash` computes it.
"""

import datetime

from django.db import migrations, models
from django.utils.crypto import salted_hmac

# AbstractBaseUser.get_session_auth_hash, which historical models do not have.
SESSION_HASH_SALT = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"


def bind_existing_tokens(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in ApiToken.objects.select_related("user"):
        token.expires_at = token.created_at + datetime.timedelta(days=365)
        token.password_hash = salted_hmac(
            SESSION_HASH_SALT, token.user.password, algorithm="sha256"
        ).hexdigest()
        token.save(update_fields=["expires_at", "password_hash"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires at"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="password_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(bind_existing_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires at"),
        ),
    ]
