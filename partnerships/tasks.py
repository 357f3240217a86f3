from celery import shared_task

from . import services


@shared_task
def send_call_reminders():
    """Daily: "call open" and "call closes in 7 days" notifications, each once per user."""
    return services.send_call_reminders()
