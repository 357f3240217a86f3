"""Celery tasks of the kernel: the e-mail outbox (`core.mail`) and the worker's heartbeat."""

import logging
import time

from celery import shared_task
from django.conf import settings

from . import health, mail
from .models import EmailStatus

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=5, retry_backoff=True, retry_jitter=True)
def send_outgoing_email(self, email_id):  # type: ignore[no-untyped-def]
    """Send one e-mail of the outbox, unless another task has it or it is done."""
    email = mail.claim(email_id)
    if email is None:
        return "already handled"
    try:
        mail.send(email)
    except Exception as exc:
        outcome = mail.after_failure(self, exc)
        failed = outcome is mail.AfterFailure.FAIL
        mail.finish(email_id, EmailStatus.FAILED if failed else EmailStatus.PENDING)
        if outcome is mail.AfterFailure.RETRY:
            raise self.retry(exc=exc) from exc
        logger.exception("E-mail %s could not be sent (%s)", email_id, outcome)
        return outcome.value
    mail.finish(email_id, EmailStatus.SENT)
    return "sent"


@shared_task
def sweep_outgoing_emails():  # type: ignore[no-untyped-def]
    """Queue again the e-mails that wait (broker or mail server was down, a worker died)."""
    ids = mail.waiting_ids()
    for email_id in ids:
        send_outgoing_email.delay(email_id)
    return len(ids)


@shared_task
def heartbeat(queue: str | None = None) -> None:
    """Beat queues it to every queue each minute; the worker that runs it says that
    `queue` (the default queue when not given) is served (`/health/`)."""
    with health.broker() as client:
        client.set(
            health.heartbeat_key(queue or settings.CELERY_TASK_DEFAULT_QUEUE),
            time.time(),
            ex=health.HEARTBEAT_STALE_SECONDS * 2,
        )
