import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "s3p_portal.settings")

app = Celery("s3p_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
