from django.conf import settings

from s3p_portal.celery import app as celery_app


def test_every_beat_entry_names_a_registered_task():
    celery_app.loader.import_default_modules()

    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in celery_app.tasks, name


def test_digests_go_out_at_the_configured_hour_and_reminders_an_hour_before():
    schedule = settings.CELERY_BEAT_SCHEDULE
    hour = settings.NOTIFICATIONS_DIGEST_HOUR

    assert schedule["daily-notification-digests"]["schedule"].hour == {hour}
    weekly = schedule["weekly-notification-digests"]["schedule"]
    assert weekly.hour == {hour}
    assert weekly.day_of_week == {settings.NOTIFICATIONS_WEEKLY_DIGEST_DAY}
    assert schedule["call-reminders"]["schedule"].hour == {(hour - 1) % 24}
