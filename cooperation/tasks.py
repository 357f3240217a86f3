from celery import shared_task

from . import services


@shared_task
def close_expired_postings():
    """Daily: record as closed the postings past their closing date."""
    return services.close_expired_postings()
