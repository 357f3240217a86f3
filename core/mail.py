"""E-mail through the outbox: written in the request's transaction, sent by a worker.

`queue_email(message)` stores one `OutgoingEmail` per recipient and, once
the transaction commits, asks Celery to send it. The task claims a row
before sending (a conditional update, so two workers never both send it),
and retries with back-off while the mail server refuses. After the last
retry, a message the server refused for good (a 5xx reply) is marked
failed; one it could not take for now (no connection, a 4xx reply) waits
again, and the sweep (Celery beat) queues it once more: a mail server down
for longer than the retries loses nothing. The sweep also queues what a
dead worker held beyond the lease: that message goes out again with the
same Message-ID, by which mail systems de-duplicate it.
"""

import datetime
import enum
import logging
import smtplib
from collections.abc import Callable
from email.utils import make_msgid, parseaddr
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import EmailStatus, OutgoingEmail
from .text import single_line

if TYPE_CHECKING:
    from celery import Task

logger = logging.getLogger(__name__)

# What a subject column holds; longer subjects are cut with an ellipsis.
SUBJECT_LENGTH = 255


def queue_email(message: EmailMessage) -> list[OutgoingEmail]:
    """Keep `message` for each of its recipients; a worker sends it after the commit."""
    html = next(
        (content for content, mimetype in getattr(message, "alternatives", [])
         if mimetype == "text/html"),
        "",
    )  # fmt: skip
    rows = [
        OutgoingEmail.objects.create(
            recipient=recipient,
            from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
            subject=single_line(str(message.subject), SUBJECT_LENGTH),
            body=str(message.body),
            html=html,
            headers={"Message-ID": _message_id(), **message.extra_headers},
        )
        for recipient in message.to
    ]
    ids = [row.pk for row in rows]
    send_after_commit(lambda: _queue(ids))
    return rows


def send_after_commit(queue: Callable[[], None]) -> None:
    """Queue the sending once the e-mails are committed (the test suite, whose
    transactions never commit, runs it at once)."""
    transaction.on_commit(queue, robust=True)


def mail_domain() -> str:
    """The domain of the portal's sender address, which its Message-IDs carry."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]


def _message_id() -> str:
    return make_msgid(domain=mail_domain() or None)


def _queue(ids: list[int]) -> None:
    from .tasks import send_outgoing_email

    for email_id in ids:
        try:
            send_outgoing_email.delay(email_id)
        except Exception:
            logger.exception("Could not queue e-mail %s; the sweep retries", email_id)


def claim(email_id: int) -> OutgoingEmail | None:
    """Take one waiting e-mail for sending, or None if another worker has it or it is done."""
    now = timezone.now()
    expired = Q(status=EmailStatus.SENDING, claimed_at__lt=now - claim_lease())
    taken = OutgoingEmail.objects.filter(
        Q(status=EmailStatus.PENDING) | expired, pk=email_id
    ).update(status=EmailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    return OutgoingEmail.objects.get(pk=email_id) if taken else None


def send(email: OutgoingEmail) -> None:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=email.from_email,
        to=[email.recipient],
        headers=email.headers,
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    message.send()


def finish(email_id: int, status: str) -> None:
    sent_at = timezone.now() if status == EmailStatus.SENT else None
    OutgoingEmail.objects.filter(pk=email_id).update(status=status, sent_at=sent_at)


class AfterFailure(enum.StrEnum):
    """What a send that raised leaves behind (`after_failure`)."""

    RETRY = "retry"
    WAIT = "waiting"
    FAIL = "failed"


def is_temporary(exc: BaseException) -> bool:
    """A failure the mail server may not repeat later: no connection, a dropped one, a 4xx reply.

    A 5xx reply (a refused recipient or message) would be the same next time.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _text in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    # Refused, reset and timed-out connections; smtplib's own errors are OSErrors too.
    return isinstance(exc, OSError)


def after_failure(task: "Task", exc: BaseException) -> AfterFailure:
    """Retry while retries are left; then wait for the sweep if the failure is temporary."""
    if task.request.retries < task.max_retries:
        return AfterFailure.RETRY
    return AfterFailure.WAIT if is_temporary(exc) else AfterFailure.FAIL


def claim_lease() -> datetime.timedelta:
    """A claim older than this belongs to a worker that died (NOTIFICATIONS_CLAIM_LEASE):
    of an outgoing e-mail here, of a notification in `notifications.tasks`."""
    return datetime.timedelta(seconds=settings.NOTIFICATIONS_CLAIM_LEASE)


def waiting_ids(limit: int = 500) -> list[int]:
    """E-mails the sweep queues again: waiting since before the sweep delay, or held too long."""
    now = timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.NOTIFICATIONS_SWEEP_AFTER)
    waiting = Q(status=EmailStatus.PENDING, created_at__lt=cutoff) | Q(
        status=EmailStatus.SENDING, claimed_at__lt=now - claim_lease()
    )
    return list(OutgoingEmail.objects.filter(waiting).values_list("pk", flat=True)[:limit])
