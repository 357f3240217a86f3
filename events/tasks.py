from celery import shared_task

from . import services


@shared_task
def send_event_reminders():
    """Hourly: remind participants a week and a day before each event, once each."""
    return services.send_event_reminders()
