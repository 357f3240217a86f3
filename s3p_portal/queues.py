"""Celery queues, one per kind of work, so that one kind cannot starve another.

The digests of thousands of users at the digest hour, or a sweep reading a
whole table, must not hold back the password-reset e-mail a user is waiting
for: e-mail, digests and computations each have a queue, and each can have
workers of its own (README, "Notifications"; docs/scaling.md). The default
queue takes the rest.

Every queue is named after the default queue (`CELERY_TASK_DEFAULT_QUEUE`,
`celery` unless set): `celery`, `celery.email`, `celery.digests`,
`celery.computations`. That one name keeps two portals on one Redis
database apart, as it did when there was one queue.
"""

from kombu import Exchange, Queue

EMAIL = "email"
DIGESTS = "digests"
COMPUTATIONS = "computations"
KINDS = (EMAIL, DIGESTS, COMPUTATIONS)

# The kind of every task of the project's apps; None is the default queue.
# tests/test_task_routes.py fails for a task that is missing here.
TASK_KINDS: dict[str, str | None] = {
    # One e-mail each, which someone may be waiting for.
    "core.tasks.send_outgoing_email": EMAIL,
    "notifications.tasks.deliver_notification": EMAIL,
    # Queues the e-mails of one event's notifications: a moment's work.
    "notifications.tasks.deliver_notifications": EMAIL,
    # Thousands at once, at the digest hour.
    "notifications.tasks.send_daily_digests": DIGESTS,
    "notifications.tasks.send_weekly_digests": DIGESTS,
    "notifications.tasks.send_digest": DIGESTS,
    # Reads over whole tables, and the notifications they write.
    "core.tasks.sweep_outgoing_emails": COMPUTATIONS,
    "notifications.tasks.sweep_undelivered": COMPUTATIONS,
    "partnerships.tasks.send_call_reminders": COMPUTATIONS,
    "events.tasks.send_event_reminders": COMPUTATIONS,
    "cooperation.tasks.close_expired_postings": COMPUTATIONS,
    # Beat sends one to every queue (CELERY_BEAT_SCHEDULE), each naming its queue.
    "core.tasks.heartbeat": None,
}


def kind_queue(default_queue: str, kind: str) -> str:
    return f"{default_queue}.{kind}"


def queue_names(default_queue: str) -> list[str]:
    """Every queue: the default one, then one per kind."""
    return [default_queue, *(kind_queue(default_queue, kind) for kind in KINDS)]


def declared_queues(default_queue: str) -> list[Queue]:
    """`task_queues`: what a worker started without `-Q` consumes, every queue.

    Each has an exchange and a routing key of its own, as Celery gives a
    queue it makes on the fly. A queue declared without a routing key would
    be bound with the default queue's, and receive a copy of its tasks.
    """
    return [Queue(name, Exchange(name), routing_key=name) for name in queue_names(default_queue)]


def task_routes(default_queue: str) -> dict[str, dict[str, str]]:
    """`task_routes`: each task of `TASK_KINDS` to the queue of its kind."""
    return {
        task: {"queue": kind_queue(default_queue, kind) if kind else default_queue}
        for task, kind in TASK_KINDS.items()
    }
